using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Revocation.Core;
using Revocation.Core.Policy;

namespace Revocation.Signals;

/// <summary>
/// A transmitter's public keys: its inline JWKS, or its JWKS URL fetched within <see cref="SignalOptions.JwksTimeout"/>,
/// used for <see cref="SignalOptions.JwksCacheLifetime"/>, and fetched again at most once per
/// <see cref="SignalOptions.JwksMinRefetchInterval"/> for an unknown <c>kid</c> or after a failure (so made-up kids cannot
/// turn the receiver into a load generator against the transmitter). Only RSA and EC signing keys are kept.
/// </summary>
public sealed partial class JwksCache(IHttpClientFactory http, IOptions<SignalOptions> options, TimeProvider time, ILogger<JwksCache> logger)
{
    /// <summary>The named HttpClient (no redirects, no retries: the timeout here is the bound).</summary>
    public const string HttpClientName = "signals-jwks";

    /// <summary>Largest JWKS document read, in bytes.</summary>
    public const int MaxJwksBytes = 64 * 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<JwksLookup> GetAsync(TransmitterPolicy transmitter, string? kid, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transmitter);
        if (transmitter.KeysJson is { } inline)
            return _entries.GetOrAdd("inline:" + transmitter.Name + "|" + inline, _ => Entry.Inline(Parse(inline))).State.Lookup(null);
        var entry = _entries.GetOrAdd(transmitter.JwksUri!.AbsoluteUri, _ => new Entry());
        var o = options.Value;
        if (!entry.State.NeedsFetch(kid, time.GetUtcNow(), o)) return entry.State.Lookup(null);
        if (!await entry.Gate.WaitAsync(o.JwksTimeout, cancellationToken))
            return entry.State.Lookup($"the JWKS at {transmitter.JwksUri} is being fetched and did not arrive within {o.JwksTimeout.TotalSeconds:0.#} s");
        try
        {
            var now = time.GetUtcNow();
            var state = entry.State;
            if (!state.NeedsFetch(kid, now, o)) return state.Lookup(null);   // fetched by another request meanwhile
            try
            {
                state = state with { Keys = await FetchAsync(transmitter.JwksUri, o.JwksTimeout, cancellationToken), FetchedAt = now, LastAttempt = now, LastError = null };
            }
            catch (Exception e) when (!e.IsFatal() && !cancellationToken.IsCancellationRequested)
            {
                state = state with
                {
                    LastAttempt = now,
                    LastError = e is OperationCanceledException
                        ? $"the JWKS at {transmitter.JwksUri} did not answer within {o.JwksTimeout.TotalSeconds:0.#} s"
                        : $"the JWKS at {transmitter.JwksUri} could not be read: {e.Message.Split('\n')[0]}",
                };
                LogJwksFailed(logger, transmitter.Name, state.LastError);
            }
            entry.State = state;
            return state.Lookup(state.LastError);
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task<IReadOnlyList<JsonWebKey>> FetchAsync(Uri uri, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var bound = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, bound.Token);
        using var response = await http.CreateClient(HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, linked.Token);
        if (!response.IsSuccessStatusCode) throw new HttpRequestException($"HTTP {(int)response.StatusCode}");
        await using var body = await response.Content.ReadAsStreamAsync(linked.Token);
        var buffer = new byte[MaxJwksBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await body.ReadAsync(buffer.AsMemory(read), linked.Token)) > 0) read += n;
        if (read > MaxJwksBytes) throw new InvalidDataException($"larger than {MaxJwksBytes} bytes");
        return Parse(System.Text.Encoding.UTF8.GetString(buffer, 0, read));
    }

    private static List<JsonWebKey> Parse(string json)
    {
        var set = new JsonWebKeySet(json);
        return [.. set.Keys.Where(k => k.Kty is "RSA" or "EC" && k.Use is null or "sig")];
    }

    /// <summary>One JWKS URL: a gate so one request fetches at a time, and the state, replaced whole (readers need no lock).</summary>
    private sealed class Entry
    {
        private volatile KeyState _state = new();

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public KeyState State { get => _state; set => _state = value; }

        public static Entry Inline(IReadOnlyList<JsonWebKey> keys) => new() { State = new KeyState { Keys = keys } };
    }

    private sealed record KeyState
    {
        public IReadOnlyList<JsonWebKey>? Keys { get; init; }

        public DateTimeOffset FetchedAt { get; init; }

        public DateTimeOffset LastAttempt { get; init; } = DateTimeOffset.MinValue;

        public string? LastError { get; init; }

        /// <summary>Missing or stale keys, or an unknown kid: fetch, unless the last attempt is too recent.</summary>
        public bool NeedsFetch(string? kid, DateTimeOffset now, SignalOptions o)
        {
            var stale = Keys is null || now - FetchedAt >= o.JwksCacheLifetime;
            var unknownKid = kid is not null && Keys is not null && Keys.All(k => k.Kid != kid);
            return (stale || unknownKid) && now - LastAttempt >= o.JwksMinRefetchInterval;
        }

        /// <summary>The keys held (stale ones too: better than none while the transmitter's JWKS is down), else the error.</summary>
        public JwksLookup Lookup(string? error) =>
            Keys is { } keys ? JwksLookup.Found(keys) : JwksLookup.Failed(error ?? LastError ?? "no keys");
    }

    [LoggerMessage(EventId = 1501, EventName = "JwksFetchFailed", Level = LogLevel.Warning,
        Message = "The JWKS of transmitter {Transmitter} could not be had: {Error}")]
    private static partial void LogJwksFailed(ILogger logger, string transmitter, string error);
}
