namespace Revocation.Core.Events;

/// <summary>The CloudEvents attributes the pipeline uses. (<see cref="Source"/>, <see cref="Id"/>) identify the event.</summary>
public sealed record EventEnvelope(string Id, string Source, string Type, DateTimeOffset Time)
{
    /// <summary>A stable, collision-free key for de-duplication: the length-prefixed source and id.</summary>
    public string Key => $"{Source.Length}:{Source}|{Id}";
}
