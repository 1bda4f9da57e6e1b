namespace Revocation.Core.Policy;

/// <summary>An invalid policy file. The message lists every problem, each with its JSON path.</summary>
public sealed class PolicyValidationException(string source, IReadOnlyList<string> problems)
    : Exception($"invalid policy file {source}: {string.Join("; ", problems)}")
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
