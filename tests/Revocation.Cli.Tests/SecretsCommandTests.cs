using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Revocation.Testing;

namespace Revocation.Cli.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SecretsCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Value = "s3cr3t-value";

    [Fact]
    public async Task SecretsPut_ValueOnStdin_PrintsLocalReferenceAndStoresNoPlaintext()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), "revctl-key-" + Guid.NewGuid().ToString("N"), "local-secrets.key");
        try
        {
            CliResult put;
            using (new EnvironmentVariableScope("LocalSecrets__KeyFilePath", keyFile))
            {
                put = await CliTestSupport.RunWithStdinAsync(Value + "\n", "secrets", "put", "--json", "--storage", azurite.ConnectionString);
            }

            Assert.True(put.ExitCode == 0, put.ToString());
            Assert.DoesNotContain(Value, put.StdOut + put.StdErr, StringComparison.Ordinal);
            string reference;
            using (var doc = JsonDocument.Parse(put.StdOut))
            {
                Assert.Equal(["secretRef"], CliTestSupport.PropertyNames(doc.RootElement));
                reference = doc.RootElement.GetProperty("secretRef").GetString()!;
            }

            Assert.Matches(new Regex("^local:[a-f0-9]{32}$"), reference);
            Assert.True(File.Exists(keyFile), $"key file {keyFile} was not created");

            var table = new TableServiceClient(azurite.ConnectionString).GetTableClient("localsecrets");
            var rows = 0;
            var found = false;
            await foreach (var entity in table.QueryAsync<TableEntity>())
            {
                rows++;
                found |= "local:" + entity.RowKey == reference;
                foreach (var (name, value) in entity)
                {
                    var text = value switch
                    {
                        string s => s,
                        byte[] b => Encoding.UTF8.GetString(b) + " " + Convert.ToBase64String(b),
                        BinaryData d => Encoding.UTF8.GetString(d.ToArray()),
                        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
                    };
                    Assert.False(text.Contains(Value, StringComparison.Ordinal), $"property {name} of {entity.RowKey} holds the plaintext");
                }
            }

            Assert.True(found, $"no row for {reference} among {rows} rows of localsecrets");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(keyFile)!, recursive: true);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task SecretsPut_EmptyStdin_ExitsTwo(string stdin)
    {
        var put = await CliTestSupport.RunWithStdinAsync(stdin, "secrets", "put", "--json", "--storage", azurite.ConnectionString);

        Assert.True(put.ExitCode == 2, put.ToString());
        Assert.Equal("", put.StdOut);
        var line = Assert.Single(put.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("revctl: no value on stdin", line);
    }
}
