namespace Revocation.Core.Posture;

/// <summary>One class's or one owner's tokens, by state; <see cref="DueSoon"/> and <see cref="Ownerless"/> count active tokens only.</summary>
public sealed record PostureRow(
    string Name, int Active, int DueSoon, int Ownerless, int RevocationPending, int Revoked, int Failed, double TransfersPerToken, int AccessRemoved,
    int Discovered = 0, int Unclassified = 0, int Zombies = 0);
