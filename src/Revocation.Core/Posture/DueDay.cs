namespace Revocation.Core.Posture;

/// <summary>How many active tokens fall due on one day (UTC).</summary>
public sealed record DueDay(DateOnly Day, int Count);
