namespace Revocation.Core.Sweep;

public enum SweepMode
{
    /// <summary>Revoke what is due unless a blast-radius bound trips.</summary>
    Normal,

    /// <summary>List what would be revoked and why; change nothing.</summary>
    DryRun,

    /// <summary>An operator confirmed: proceed past a tripped guard.</summary>
    Confirm,
}
