namespace Revocation.Core.Policy;

/// <summary>What happens to a token when its owner is offboarded (<c>onOwnerOffboarded</c>).</summary>
public enum OffboardAction
{
    /// <summary><c>revoke</c>: queue a revocation with reason <c>owner-offboarded</c>.</summary>
    Revoke,

    /// <summary><c>reassign-to-class-owner</c>.</summary>
    ReassignToClassOwner,

    /// <summary><c>reassign-to-successor</c>: the event's successor; without one, revoke.</summary>
    ReassignToSuccessor,
}
