class ReadOnlyAdminMixin:
    """For records that change only through services (so that their rules, events and audit
    hold): the admin may look, not add, change or delete."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
