namespace Revocation.Core.Evidence;

/// <summary>An owner and how many active tokens they hold (<see cref="PostureFindings.TopOwners"/>).</summary>
public sealed record OwnerCount(string Owner, int Tokens);
