"""The role groups' permissions, set to exactly what ROLES (network/access_roles.py)
says: model permissions, page and collection permissions on the root, a
partner's own image collection, and a place among the page approvers.

``sync_roles`` runs after every ``migrate`` (post_migrate), so a model added
later joins its role without another migration; ``grant_page_roles`` gives a
new page of a role's page type (a new ballot) to that role.
"""

from network.access_roles import ROLES, role_for, role_groups


def organisation_collection(organisation, apps=None, using="default"):
    """The image collection of one organisation ("Partner pictures: <name>"), made
    under the root collection the first time it is asked for."""
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Collection = apps.get_model("wagtailcore", "Collection")
    Organisation = apps.get_model("network", "Organisation")
    if organisation.collection_id:
        found = Collection.objects.using(using).filter(pk=organisation.collection_id).first()
        if found is not None:
            return found
    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return None
    if hasattr(root, "add_child"):
        collection = root.add_child(name=f"Partner pictures: {organisation.name}"[:255])
    else:  # historical models in a migration have no treebeard methods
        return None
    Organisation.objects.using(using).filter(pk=organisation.pk).update(collection=collection)
    organisation.collection_id = collection.pk
    return collection


def _sync_own_collection(apps, using, group, perms):
    """Exactly ``perms`` (the role's own-collection permissions) on the group's
    organisation's own collection."""
    try:
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        Organisation = apps.get_model("network", "Organisation")
    except LookupError:
        return
    if not any(field.name == "partner_group" for field in Organisation._meta.get_fields()):
        return  # a migration state before organisations linked their group
    # The organisation that links this group, never one found by the group's name.
    organisation = Organisation.objects.using(using).filter(partner_group=group).first()
    if organisation is None:
        return
    collection = organisation_collection(organisation, apps, using)
    if collection is None:
        return
    mine = GroupCollectionPermission.objects.using(using).filter(group=group)
    mine.exclude(collection__depth=1).exclude(collection=collection, permission__in=perms).delete()
    for perm in perms:
        GroupCollectionPermission.objects.using(using).get_or_create(
            group=group, collection=collection, permission=perm
        )


def _sync_moderation(apps, using, group):
    """Make the group one of the approvers of every group-approval task (Wagtail's
    default "Moderators approval" among them), so pages partners send for approval
    reach the people who publish."""
    try:
        GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    except LookupError:
        return
    for task in GroupApprovalTask.objects.using(using).filter(active=True):
        task.groups.add(group)


def _resolve(permissions, Permission):
    """Permission rows for the table's patterns ("app.codename", "app.model.*", "app.*")."""
    wanted = Permission.objects.none()
    for pattern in permissions:
        parts = pattern.split(".")
        if len(parts) == 2 and parts[1] == "*":
            wanted |= Permission.objects.filter(content_type__app_label=parts[0])
        elif len(parts) == 3 and parts[2] == "*":
            wanted |= Permission.objects.filter(
                content_type__app_label=parts[0], content_type__model=parts[1]
            )
        else:
            wanted |= Permission.objects.filter(content_type__app_label=parts[0], codename=parts[1])
    return list(wanted.distinct())


def sync_after_migrate(sender, using="default", **kwargs):
    """post_migrate runs once per app; sync once, after the last app's permissions exist."""
    from django.apps import apps

    last = [config for config in apps.get_app_configs() if config.models_module is not None][-1]
    if sender.label == last.label:
        sync_roles(using=using)


def sync_roles(apps=None, using="default"):
    """Create the role groups and set their permissions to exactly what ROLES says.

    Runs after every ``migrate`` (post_migrate), so permissions created for a new
    model are added to its role. Page and collection permissions are set on the
    root page and root collection only; a partner group's page permission on its
    own partner page is left alone.
    """
    from django.apps import apps as global_apps

    apps = apps or global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role in ROLES:
        if not role.group_prefix:
            Group.objects.using(using).get_or_create(name=role.name)
        model_perms = _resolve(role.permissions, Permission)
        for group in role_groups(role, Group).using(using):
            _sync_group(apps, using, group, role, model_perms)


def sync_group(group):
    """Give one new group (a partner organisation's) its role's permissions."""
    from django.apps import apps

    role = role_for(group.name)
    if role is not None:
        model_perms = _resolve(role.permissions, apps.get_model("auth", "Permission"))
        _sync_group(apps, group._state.db or "default", group, role, model_perms)


def _sync_group(apps, using, group, role, model_perms):
    group.permissions.set(model_perms)
    if role.page_permissions or role.page_type_permissions:
        _sync_page_permissions(apps, using, group, role)
    _sync_collection_permissions(apps, using, group, role.collection_permissions)
    if role.own_collection_permissions:
        own = _resolve(role.own_collection_permissions, apps.get_model("auth", "Permission"))
        _sync_own_collection(apps, using, group, own)
    if role.moderates:
        _sync_moderation(apps, using, group)


def _sync_page_permissions(apps, using, group, role):
    """Exactly the role's page permissions: on the root page, and on every page of
    the role's page types. (A partner group's permission on its own partner page
    is made by network.accounts.partner_group; the Partner role has none here.)"""
    try:
        Page = apps.get_model("wagtailcore", "Page")
        GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
        ContentType = apps.get_model("contenttypes", "ContentType")
    except LookupError:
        return
    Permission = apps.get_model("auth", "Permission")
    wanted = set()
    root = Page.objects.using(using).filter(depth=1).first()
    if root is not None:
        for perm in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=role.page_permissions
        ):
            wanted.add((root.pk, perm.pk))
    for label, codenames in role.page_type_permissions:
        app_label, model = label.split(".")
        content_type = ContentType.objects.using(using).filter(app_label=app_label, model=model)
        pages = Page.objects.using(using).filter(content_type__in=content_type)
        page_perms = Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codenames
        )
        wanted |= {
            (page, perm)
            for page in pages.values_list("pk", flat=True)
            for perm in page_perms.values_list("pk", flat=True)
        }
        if "add_page" in codenames:
            # New pages of this type are made under each site's home page.
            Site = apps.get_model("wagtailcore", "Site")
            add = Permission.objects.filter(
                content_type__app_label="wagtailcore", codename="add_page"
            ).values_list("pk", flat=True)
            for home_id in Site.objects.using(using).values_list("root_page_id", flat=True):
                wanted |= {(home_id, perm) for perm in add}
    existing = GroupPagePermission.objects.using(using).filter(group=group)
    have = set(existing.values_list("page_id", "permission_id"))
    for page_id, permission_id in have - wanted:
        existing.filter(page_id=page_id, permission_id=permission_id).delete()
    for page_id, permission_id in wanted - have:
        GroupPagePermission.objects.using(using).create(
            group=group, page_id=page_id, permission_id=permission_id
        )


def grant_page_roles(sender, instance, created, **kwargs):
    """post_save: a new page of a role's page type (a new ballot) joins that role."""
    if not created:
        return
    label = instance._meta.label_lower
    for role in ROLES:
        if any(label == page_label for page_label, _ in role.page_type_permissions):
            from django.apps import apps
            from django.contrib.auth.models import Group

            for group in role_groups(role, Group):
                _sync_page_permissions(apps, instance._state.db or "default", group, role)


def _sync_collection_permissions(apps, using, group, patterns):
    try:
        Collection = apps.get_model("wagtailcore", "Collection")
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    except LookupError:
        return
    root = Collection.objects.using(using).filter(depth=1).first()
    if root is None:
        return
    perms = _resolve(patterns, apps.get_model("auth", "Permission"))
    GroupCollectionPermission.objects.using(using).filter(group=group, collection=root).exclude(
        permission__in=perms
    ).delete()
    for perm in perms:
        GroupCollectionPermission.objects.using(using).get_or_create(
            group=group, collection=root, permission=perm
        )
