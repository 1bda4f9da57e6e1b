using System.Globalization;
using Azure;

namespace Revocation.Cli.Doctor;

/// <summary>One line of <c>revctl doctor</c>: <c>ok|warn|fail|skip  CHECK: DETAIL</c>. Details never hold a secret value.</summary>
internal sealed record DoctorCheck(DoctorStatus Status, string Check, string Detail)
{
    public string StatusText => Status.ToString().ToLower(CultureInfo.InvariantCulture);

    public override string ToString() => $"{StatusText,-4}  {Check}: {Detail}";

    public static DoctorCheck Ok(string check, string detail) => new(DoctorStatus.Ok, check, detail);

    public static DoctorCheck Warn(string check, string detail) => new(DoctorStatus.Warn, check, detail);

    public static DoctorCheck Fail(string check, string detail) => new(DoctorStatus.Fail, check, detail);

    public static DoctorCheck Skip(string check, string detail) => new(DoctorStatus.Skip, check, detail);

    /// <summary>Runs one check; an exception is that check's failure, described in one line, and the others still run.</summary>
    public static async Task<DoctorCheck> RunAsync(string check, Func<Task<DoctorCheck>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
        {
            return Fail(check, Describe(e));
        }
    }

    /// <summary>The innermost cause in one line: what refused, or why there was no answer.</summary>
    public static string Describe(Exception e)
    {
        while (e is AggregateException { InnerExceptions.Count: > 0 } a) e = a.InnerExceptions[^1];
        if (e is RequestFailedException { Status: > 0 } r) return $"storage answered {r.Status} {r.ErrorCode}".TrimEnd();
        var noAnswer = e is RequestFailedException or HttpRequestException;
        while (e.InnerException is not null) e = e.InnerException;
        return (noAnswer ? "unreachable: " : "") + e.Message.Split('\n')[0].Trim();
    }
}
