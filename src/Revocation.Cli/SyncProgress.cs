namespace Revocation.Cli;

/// <summary>An <see cref="IProgress{T}"/> that reports on the caller's thread (System.Progress posts asynchronously,
/// which could draw a status line after the command has cleared it).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
