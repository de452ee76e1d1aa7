using Microsoft.Extensions.Options;

namespace Fracture.Server.Options;

/// <summary>Checks <see cref="ServerOptions"/> at start; every failure names the configuration key and the allowed range.</summary>
internal sealed class ServerOptionsValidator : IValidateOptions<ServerOptions>
{
    public ValidateOptionsResult Validate(string? name, ServerOptions options)
    {
        var failures = new List<string>();
        void Check(bool ok, string key, string rule)
        {
            if (!ok)
            {
                failures.Add($"{ServerOptions.SectionName}:{key} {rule}");
            }
        }

        Check(options.ModelsDirectory is null || options.ModelsDirectory.Trim().Length > 0, nameof(options.ModelsDirectory), "must not be blank (leave it out for the repository's models/)");
        Check(!string.IsNullOrWhiteSpace(options.DataDirectory), nameof(options.DataDirectory), "must be a folder path");
        Check(options.MaxUploadBytes is >= 1 and <= ServerOptions.MaxUploadLimit, nameof(options.MaxUploadBytes), $"must be at least 1 byte and at most {ServerOptions.MaxUploadLimit} (is {options.MaxUploadBytes})");
        Check(options.MaxPixels >= 1, nameof(options.MaxPixels), $"must be at least 1 (is {options.MaxPixels})");
        Check(options.MaxConcurrentPredictions >= 1, nameof(options.MaxConcurrentPredictions), $"must be at least 1 (is {options.MaxConcurrentPredictions})");
        Check(options.IntraOpThreads is >= 0 and <= ServerOptions.MaxIntraOpThreads, nameof(options.IntraOpThreads), $"must be 0 (ONNX Runtime chooses) to {ServerOptions.MaxIntraOpThreads} (is {options.IntraOpThreads})");
        Check(options.QueueLimit >= 0, nameof(options.QueueLimit), $"must be 0 or more (is {options.QueueLimit})");
        Check(options.RequestTimeoutSeconds is > 0 and <= ServerOptions.MaxRequestTimeoutSeconds, nameof(options.RequestTimeoutSeconds), $"must be a positive number of seconds up to {ServerOptions.MaxRequestTimeoutSeconds} (is {options.RequestTimeoutSeconds})");
        Check(options.ApiKey is null || options.ApiKey.Trim().Length > 0, nameof(options.ApiKey), "must not be blank (leave it out for no key)");

        // The key travels in the X-Api-Key header: a browser refuses to send characters beyond Latin-1, sends others
        // as bytes the server does not read back as the same text, and the page trims spaces off what is typed.
        Check(options.ApiKey is null || options.ApiKey.Trim().Length == 0 || options.ApiKey.All(c => c is > ' ' and <= '~'), nameof(options.ApiKey), "must be printable ASCII letters, digits and signs, without spaces");
        Check(ServerOptions.IsConfidence(options.DefaultConfidence), nameof(options.DefaultConfidence), $"must be between 0 and 1 (is {options.DefaultConfidence})");
        Check(ServerOptions.IsIou(options.Iou), nameof(options.Iou), $"must be above 0 and at most 1 (is {options.Iou})");
        Check(options.MaxStoredPredictions >= 0, nameof(options.MaxStoredPredictions), $"must be 0 (keep all) or more (is {options.MaxStoredPredictions})");
        Check(options.MaxStoredPredictionAgeDays is >= 0 and <= ServerOptions.MaxRetentionDays, nameof(options.MaxStoredPredictionAgeDays), $"must be 0 (keep all) to {ServerOptions.MaxRetentionDays} days (is {options.MaxStoredPredictionAgeDays})");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
