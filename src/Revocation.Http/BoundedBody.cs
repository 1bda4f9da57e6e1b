using Microsoft.AspNetCore.Http;

namespace Revocation.Http;

/// <summary>Reads a request body up to a limit: a larger one is refused before it is buffered (at most limit + 1 bytes read).</summary>
public static class BoundedBody
{
    /// <summary>The body, or <see langword="null"/> when it is over <paramref name="limitBytes"/> (declared or actual).</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limitBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limitBytes) return null;
        var buffer = new byte[limitBytes + 1];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await request.Body.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        return read > limitBytes ? null : buffer.AsSpan(0, read).ToArray();
    }
}
