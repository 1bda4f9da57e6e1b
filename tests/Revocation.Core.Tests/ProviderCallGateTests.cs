using Revocation.Core.Revocation;

namespace Revocation.Core.Tests;

public sealed class ProviderCallGateTests
{
    [Fact]
    public void EnterAsync_WithoutAGateInForce_IsFree()
    {
        using var gate = new ProviderCallGate(1);
        using (ProviderCallGate.Use(gate))
        {
            // Use(null) inside a gate's scope takes it out of force, as outside any scope.
            using (ProviderCallGate.Use(null))
            {
                var entries = Enumerable.Range(0, 10).Select(_ => ProviderCallGate.EnterAsync(CancellationToken.None)).ToList();
                Assert.All(entries, e => Assert.True(e.IsCompletedSuccessfully));
                Assert.Equal(0, gate.Open);
            }
        }
    }

    [Fact]
    public async Task EnterAsync_AllPlacesTaken_WaitsUntilOneIsGivenBack()
    {
        using var gate = new ProviderCallGate(2);
        using (ProviderCallGate.Use(gate))
        {
            var first = await ProviderCallGate.EnterAsync(CancellationToken.None);
            using var second = await ProviderCallGate.EnterAsync(CancellationToken.None);
            var third = ProviderCallGate.EnterAsync(CancellationToken.None).AsTask();
            await Task.Delay(50);
            Assert.False(third.IsCompleted);
            Assert.Equal(2, gate.Open);

            first.Dispose();
            using var entered = await third.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(2, gate.Open);
        }
        Assert.Equal(0, gate.Open);
    }

    [Fact]
    public async Task Use_FlowsIntoAwaitedWork_AndEndsWithItsScope()
    {
        using var gate = new ProviderCallGate(1);
        using (ProviderCallGate.Use(gate))
        {
            await Task.Run(async () =>
            {
                using var place = await ProviderCallGate.EnterAsync(CancellationToken.None);
                Assert.Equal(1, gate.Open);
            });
        }
        using var outside = await ProviderCallGate.EnterAsync(CancellationToken.None);
        Assert.Equal(0, gate.Open);
    }

    [Fact]
    public async Task EnterAsync_Cancelled_TakesNoPlace()
    {
        using var gate = new ProviderCallGate(1);
        using var _ = ProviderCallGate.Use(gate);
        using var held = await ProviderCallGate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await ProviderCallGate.EnterAsync(cancel.Token));
        Assert.Equal(1, gate.Open);
    }
}
