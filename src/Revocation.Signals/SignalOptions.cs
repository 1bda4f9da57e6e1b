using System.ComponentModel.DataAnnotations;

namespace Revocation.Signals;

/// <summary>Bounds of the signed signals receiver (configuration section <c>Revocation:Signals</c>; docs/partners.md).</summary>
public sealed class SignalOptions
{
    public const string Section = "Revocation:Signals";

    /// <summary>Largest accepted request body (a compact SET). Default 64 KiB, range 1 KiB–1 MiB; larger is refused <c>invalid_request</c>
    /// after reading at most this many bytes plus one.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxBodyBytes { get; set; } = 64 * 1024;

    /// <summary>How old a SET's <c>iat</c> may be. Default 24 h, range 1 min–7 days.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How far in the future a SET's <c>iat</c> may be (clock skew). Default 5 min, range 0–1 h.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a JWKS URL may take to answer. Default 5 s, range 1–30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:00:30")]
    public TimeSpan JwksTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long fetched keys are used before they are fetched again. Default 10 min, range 1 min–1 day.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan JwksCacheLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Least time between two fetches of one JWKS URL (a SET with an unknown <c>kid</c>, or after a failed fetch).
    /// Default 1 min, range 1 s–1 h: a stream of SETs with made-up kids costs the transmitter's JWKS one fetch a minute.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan JwksMinRefetchInterval { get; set; } = TimeSpan.FromMinutes(1);
}
