using Fracture.Server.Contracts;
using Fracture.Server.Inputs;

namespace Fracture.Server.Storage;

/// <summary>
/// Keeps the history's rows and the image files in step: a prediction is stored with its image or not at all, and
/// deleting a prediction deletes its image once no other prediction was made on the same bytes. Images are shared by
/// content, so adding and deleting run under one lock: a deletion never removes an image that a prediction being
/// stored beside it needs. The image goes first because a file can always be deleted again, even on a full disk,
/// where SQLite may fail to delete a row. Under a <see cref="RetentionPolicy"/> storing a prediction also deletes the
/// oldest beyond its count and those past its age; <see cref="Expire"/> deletes the latter on an idle server too.
/// </summary>
public sealed class PredictionArchive(PredictionStore store, ImageStore images, ILogger<PredictionArchive> logger, RetentionPolicy retention, TimeProvider time)
{
    private readonly Lock _gate = new();

    /// <summary>Stores <paramref name="prediction"/> and the upload it was made on.</summary>
    public void Add(Prediction prediction, UploadFormat format, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(prediction);
        var sha = prediction.Image.Sha256;
        lock (_gate)
        {
            var written = images.Save(sha, format, data);
            try
            {
                store.Insert(prediction);
            }
            catch (Exception) when (written)
            {
                DeleteImage(sha);
                throw;
            }

            Trim();
        }
    }

    /// <summary>Deletes the predictions older than the policy's age (none without one); returns how many.</summary>
    public int Expire()
    {
        if (!retention.LimitsAge)
        {
            return 0;
        }

        lock (_gate)
        {
            return TrimHeld(() => store.IdsStoredBefore(time.GetUtcNow().UtcDateTime - retention.MaxAge), "older than the retention age");
        }
    }

    /// <summary>
    /// Deletes the image files no prediction names and the temp files of unfinished writes: what a process killed
    /// between writing an image and inserting its row (or between deleting a row and its image) leaves, which no
    /// retention rule would ever reach. Returns how many files were deleted (0 when the folder cannot be read).
    /// </summary>
    public int RemoveOrphans()
    {
        lock (_gate)
        {
            try
            {
                return images.RemoveUnused(store.UsesImage);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogError(e, "Could not delete the stored images no prediction names");
                return 0;
            }
        }
    }

    /// <summary>Deletes the prediction with <paramref name="id"/> (and its image when no other prediction uses it); false when there is none.</summary>
    public bool Delete(string id)
    {
        lock (_gate)
        {
            return DeleteHeld(id);
        }
    }

    private bool DeleteHeld(string id)
    {
        if (store.Delete(id) is not { } sha)
        {
            return false;
        }

        if (!store.UsesImage(sha))
        {
            // The prediction is gone, so its request succeeded; an image left behind goes at the next start.
            DeleteImage(sha);
        }

        return true;
    }

    // The new prediction is stored; failing to take out old ones must not fail its request (the next store retries).
    private void Trim()
    {
        if (retention.LimitsCount)
        {
            TrimHeld(() => store.IdsBeyond(retention.MaxCount), $"beyond the newest {retention.MaxCount}");
        }

        if (retention.LimitsAge)
        {
            TrimHeld(() => store.IdsStoredBefore(time.GetUtcNow().UtcDateTime - retention.MaxAge), "older than the retention age");
        }
    }

    private int TrimHeld(Func<IReadOnlyList<string>> ids, string which)
    {
        var deleted = 0;
        try
        {
            foreach (var id in ids())
            {
                deleted += DeleteHeld(id) ? 1 : 0;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError(e, "Could not delete the predictions {Which}", which);
        }

        return deleted;
    }

    private void DeleteImage(string sha)
    {
        try
        {
            images.Delete(sha);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            // The caller's outcome stands; the image no row uses is deleted by RemoveOrphans at the next start (also
            // when a damaged row's hash is no hash, ArgumentException, and so names no file).
            logger.LogError(e, "The image {Sha256} stays stored without a prediction until the next start: deleting it failed", sha);
        }
    }
}
