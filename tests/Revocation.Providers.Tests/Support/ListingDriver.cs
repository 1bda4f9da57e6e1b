using Microsoft.Extensions.Time.Testing;

namespace Revocation.Providers.Tests.Support;

/// <summary>
/// Runs a listing against a <see cref="FakeTimeProvider"/>: while it is not done, the fake clock moves on a second
/// every few real milliseconds, so Retry-After waits pass without real delays and <see cref="Elapsed"/> shows them.
/// </summary>
public sealed class ListingDriver(FakeTimeProvider time)
{
    private readonly DateTimeOffset start = time.GetUtcNow();

    public TimeSpan Elapsed => time.GetUtcNow() - start;

    public async Task<T> RunAsync<T>(Func<Task<T>> listing)
    {
        var task = Task.Run(listing);
        for (var step = 0; !task.IsCompleted && step < 20_000; step++)
        {
            await Task.Delay(2);
            time.Advance(TimeSpan.FromSeconds(1));
        }

        return await task;
    }
}
