using System.Text;

namespace Revocation.Cli.Commands;

/// <summary>
/// Reads the value for <c>revctl secrets put</c>: from a pipe or file as given (one trailing newline dropped); from a
/// terminal key by key without echo, after a prompt on stderr, until Enter. The value is never written anywhere.
/// </summary>
internal sealed class SecretInput(TextReader input, bool terminal, Func<ConsoleKeyInfo> readKey, TextWriter prompt)
{
    public static SecretInput FromConsole() =>
        new(Console.In, !Console.IsInputRedirected, () => Console.ReadKey(intercept: true), Console.Error);

    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        if (!terminal) return (await input.ReadToEndAsync(cancellationToken)).TrimEnd('\r', '\n');
        await prompt.WriteAsync("value (not shown; Enter to finish): ");
        var value = new StringBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var key = readKey();
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (value.Length > 0) value.Length--;
            }
            else if (!char.IsControl(key.KeyChar)) value.Append(key.KeyChar);
        }
        await prompt.WriteLineAsync();
        return value.ToString();
    }
}
