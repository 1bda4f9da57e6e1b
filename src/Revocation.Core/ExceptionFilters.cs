namespace Revocation.Core;

/// <summary>Filters for the few places that catch broadly (style: only with a not-fatal filter).</summary>
public static class ExceptionFilters
{
    /// <summary>Exceptions after which the process must not carry on as if the operation merely failed.</summary>
    public static bool IsFatal(this Exception exception) =>
        exception is OutOfMemoryException or StackOverflowException or AccessViolationException or InsufficientExecutionStackException;
}
