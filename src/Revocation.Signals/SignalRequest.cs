namespace Revocation.Signals;

/// <summary>A pushed SET as the HTTP layer read it.</summary>
/// <param name="ContentType">The request's Content-Type, or null.</param>
/// <param name="Body">At most <see cref="SignalOptions.MaxBodyBytes"/> bytes of the body.</param>
/// <param name="Oversize">True when the body was longer than the limit (only the first bytes were read).</param>
public sealed record SignalRequest(string? ContentType, ReadOnlyMemory<byte> Body, bool Oversize);
