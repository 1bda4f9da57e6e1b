using System.Globalization;
using Revocation.Cli.Commands;

namespace Revocation.Cli.Tests;

public sealed class SecretInputTests
{
    [Fact]
    public async Task ReadAsync_Terminal_ReadsKeysWithoutEchoAndHonoursBackspace()
    {
        var keys = new Queue<ConsoleKeyInfo>("s3cx".Select(Key));
        keys.Enqueue(new ConsoleKeyInfo('\b', ConsoleKey.Backspace, false, false, false));
        foreach (var k in "r3t") keys.Enqueue(Key(k));
        keys.Enqueue(new ConsoleKeyInfo('\r', ConsoleKey.Enter, false, false, false));
        using var prompt = new StringWriter(CultureInfo.InvariantCulture);
        using var unused = new StringReader("");

        var value = await new SecretInput(unused, terminal: true, keys.Dequeue, prompt).ReadAsync(CancellationToken.None);

        Assert.Equal("s3cr3t", value);
        Assert.Empty(keys);
        Assert.DoesNotContain("s3c", prompt.ToString(), StringComparison.Ordinal);
        Assert.Contains("not shown", prompt.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Pipe_ReadsAllDroppingTheTrailingNewline()
    {
        using var prompt = new StringWriter(CultureInfo.InvariantCulture);
        using var input = new StringReader("value with spaces\n");

        var value = await new SecretInput(input, terminal: false, () => throw new InvalidOperationException("no keys on a pipe"), prompt)
            .ReadAsync(CancellationToken.None);

        Assert.Equal("value with spaces", value);
        Assert.Equal("", prompt.ToString());
    }

    private static ConsoleKeyInfo Key(char c) => new(c, ConsoleKey.A, false, false, false);
}
