using System.Diagnostics;
using System.Text.RegularExpressions;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

/// <summary>Issue 7: the HTML report rendered by a real browser (Debian's chromium, headless), asserted on the rendered DOM.</summary>
[Collection(ConsoleCollection.Name)]
public sealed partial class ReportChromiumTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task ReportHtml_RenderedInHeadlessChromium_ShowsTilesChartAndClassRow()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: apt-get install -y --no-install-recommends chromium (.ci/run does this)");
        using var cli = new CliHarness(azurite.ConnectionString);
        await cli.IssueAsync(CliHarness.NewTokenId("html"), CliHarness.NewTokenId("html"), CliHarness.NewTokenId("html"));
        var report = await cli.RunAsync("report", "--format", "html");
        Assert.True(report.ExitCode == 0, report.ToString());
        var page = cli.WriteFile("posture.html", report.StdOut);

        var dom = await DumpDomAsync(page);

        Assert.Matches(@"id=""tile-active""><b>3</b>", dom);
        Assert.Matches(@"id=""tile-revoked""><b>0</b>", dom);
        var chart = ChartSvg().Match(dom);
        Assert.True(chart.Success, dom);
        Assert.Equal(30, Regex.Count(chart.Value, "<rect "));
        Assert.Matches(@"<table id=""by-class"">.*<tr><td>ci</td><td>3</td>", dom);
    }

    private static async Task<string> DumpDomAsync(string file)
    {
        var profile = Directory.CreateTempSubdirectory("revctl-chromium-");
        try
        {
            var info = new ProcessStartInfo(Chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile.FullName, "--dump-dom", new Uri(file).AbsoluteUri,
            ])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var chromium = Process.Start(info)!;
            var stdout = chromium.StandardOutput.ReadToEndAsync();
            var stderr = chromium.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            try
            {
                await chromium.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                chromium.Kill(entireProcessTree: true);
                throw new TimeoutException("chromium --dump-dom did not finish within a minute: " + await stderr);
            }

            Assert.True(chromium.ExitCode == 0, $"chromium exited {chromium.ExitCode}: {await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    [GeneratedRegex("<svg id=\"due-chart\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex ChartSvg();
}
