namespace Fracture.Cli;

/// <summary>Process exit codes of `fracture`.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a missing file, a malformed dataset, an invalid option value.</summary>
    public const int BadInput = 1;

    /// <summary>The command exists in the plan but is not built yet.</summary>
    public const int NotBuilt = 3;

    /// <summary>An unexpected failure (a bug): the stack trace is printed.</summary>
    public const int Crash = 70;
}
