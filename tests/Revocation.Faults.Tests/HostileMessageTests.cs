using Xunit.Abstractions;

namespace Revocation.Faults.Tests;

/// <summary>
/// Hostile messages of ten kinds in both encodings among valid events (short form: 500 among 50).
/// Failed before issue 11's fix (a raw message stopped the local host and left its batch leased): every message now
/// ends handled, rejected with its reason, or in the poison queue.
/// </summary>
public sealed class HostileMessageTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Intake_HostileMessagesInBothEncodings_EachRejectedOrPoisonedAndValidOnesRecordedOnce()
    {
        var scenario = new HostileMessageScenario { Hostile = 500, Valid = 50, DrainBound = ShortForm.DrainBound };
        var figures = await scenario.RunAsync(output.WriteLine, ShortForm.Budget);
        ShortForm.Report(output, figures);
    }
}
