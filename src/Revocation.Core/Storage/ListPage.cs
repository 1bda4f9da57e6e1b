namespace Revocation.Core.Storage;

/// <summary>
/// One page of a listing: at most the number of items asked for, and <see cref="Continuation"/> (opaque to the
/// core) to ask for the next page, null on the last one. Pages together cover every item exactly once.
/// </summary>
public sealed record ListPage<T>(IReadOnlyList<T> Items, string? Continuation);
