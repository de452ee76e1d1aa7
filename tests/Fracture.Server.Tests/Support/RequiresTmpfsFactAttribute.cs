namespace Fracture.Server.Tests.Support;

/// <summary>A fact that needs <see cref="TmpfsMount"/>; skipped, saying why, where mounting is not allowed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresTmpfsFactAttribute : FactAttribute
{
    public RequiresTmpfsFactAttribute()
    {
        if (TmpfsMount.Unavailable is { } reason)
        {
            Skip = $"cannot mount a tmpfs here ({reason}); the full-disk test needs one";
        }
    }
}
