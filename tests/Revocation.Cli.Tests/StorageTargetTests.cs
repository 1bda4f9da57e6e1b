using Revocation.Storage;

namespace Revocation.Cli.Tests;

public sealed class StorageTargetTests
{
    [Fact]
    public void Parse_AccountName_PublicCloudEndpointsWithToken()
    {
        var target = StorageTarget.Parse("strevocation01");

        Assert.True(target.UsesToken);
        Assert.Null(target.ConnectionString);
        Assert.Equal(new Uri("https://strevocation01.table.core.windows.net"), target.TableEndpoint);
        Assert.Equal(new Uri("https://strevocation01.queue.core.windows.net"), target.QueueEndpoint);
    }

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;TableEndpoint=http://127.0.0.1:10002/devstoreaccount1")]
    public void Parse_ConnectionString_KeptForSharedKey(string connectionString)
    {
        var target = StorageTarget.Parse(connectionString);

        Assert.False(target.UsesToken);
        Assert.Equal(connectionString, target.ConnectionString);
        Assert.Null(target.TableEndpoint);
    }

    [Theory]
    [InlineData("table=https://st1.table.core.usgovcloudapi.net/;queue=https://st1.queue.core.usgovcloudapi.net/")]
    [InlineData(" QUEUE=https://st1.queue.core.usgovcloudapi.net/ ; Table=https://st1.table.core.usgovcloudapi.net/ ;")]
    public void Parse_Endpoints_EitherOrderAndCase(string value)
    {
        var target = StorageTarget.Parse(value);

        Assert.True(target.UsesToken);
        Assert.Equal("st1.table.core.usgovcloudapi.net", target.TableEndpoint!.Host);
        Assert.Equal("st1.queue.core.usgovcloudapi.net", target.QueueEndpoint!.Host);
    }

    [Theory]
    [InlineData("ab", "is not a connection string")]
    [InlineData("Strevocation", "is not a connection string")]
    [InlineData("st-revocation", "is not a connection string")]
    [InlineData("abcdefghijklmnopqrstuvwxy", "is not a connection string")]
    [InlineData("table=http://127.0.0.1:10002/devstoreaccount1;queue=https://q.example", "not an https URL")]
    [InlineData("table=https://t.example", "queue is missing")]
    [InlineData("table=https://t.example;queue=https://q.example;queue=https://r.example", "not 'queue='")]
    [InlineData("table=https://t.example/?sv=2024&sig=abc;queue=https://q.example", "not an https URL")]
    public void Parse_Malformed_ThrowsNamingTheProblem(string value, string expected)
    {
        var error = Assert.Throws<FormatException>(() => StorageTarget.Parse(value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EndpointsWithAKeyPart_MessageOmitsTheKey()
    {
        var error = Assert.Throws<FormatException>(() =>
            StorageTarget.Parse("table=https://t.example;queue=https://q.example;AccountKey=c2VjcmV0LWtleQ=="));

        Assert.Contains("'AccountKey='", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("c2VjcmV0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_ConnectionString_NeverShowsIt()
    {
        var target = StorageTarget.Parse("AccountName=a;AccountKey=c2VjcmV0LWtleQ==");

        Assert.DoesNotContain("c2VjcmV0", target.ToString(), StringComparison.Ordinal);
    }
}
