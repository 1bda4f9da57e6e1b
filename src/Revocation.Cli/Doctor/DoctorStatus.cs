namespace Revocation.Cli.Doctor;

/// <summary>A check's outcome. Only <see cref="Fail"/> makes <c>revctl doctor</c> exit 1.</summary>
internal enum DoctorStatus
{
    Ok,
    Warn,
    Fail,

    /// <summary>Not run because what it needs failed (storage unreachable, policy invalid).</summary>
    Skip,
}
