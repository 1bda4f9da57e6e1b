namespace Revocation.Core.Access;

/// <summary>
/// May <see cref="Holder"/> use <see cref="TokenId"/> now, for <see cref="Scope"/> (space-separated, OAuth style) and on
/// behalf of <see cref="Task"/> (the job or approval it acts for)? Parsed and bounded by <see cref="DecisionRequestParser"/>.
/// </summary>
public sealed record DecisionRequest(string TokenId, string Holder, string? Scope = null, string? Task = null);
