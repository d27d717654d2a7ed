"""What a role's group gets beyond model and root permissions (network/access.py
ROLES): a partner's own image collection, and a place among the page approvers.

Kept apart from the policy's table so access.py stays readable; sync_roles calls
these for every group after each migrate.
"""


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


def _sync_own_collection(apps, using, group, group_prefix, perms):
    """Exactly ``perms`` (the role's own-collection permissions) on the group's
    organisation's own collection."""
    try:
        GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
        Organisation = apps.get_model("network", "Organisation")
    except LookupError:
        return
    name = group.name.removeprefix(group_prefix)
    organisations = Organisation.objects.using(using)
    organisation = organisations.filter(name=name).first() or (
        # a long name was cut to fit the group's name
        organisations.filter(name__startswith=name).first() if len(group.name) >= 150 else None
    )
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
