using Microsoft.Data.Sqlite;

namespace Fracture.Server.Errors;

/// <summary>
/// Whether a failure is the server's disk (or quota) running out, wherever it surfaced: the framework spooling an
/// upload to a temp file, an image write, or SQLite. Such a request is the server's fault, not the upload's: it
/// answers 507 with a fixed detail (the exception's message names server paths).
/// </summary>
public static class StorageFull
{
    public const string Title = "Storage full";
    public const string Detail = "the server has no disk space left; nothing was stored: try again once space is freed";

    // errno ENOSPC and EDQUOT on Linux (.NET puts the raw errno in HResult); ERROR_DISK_FULL and
    // ERROR_HANDLE_DISK_FULL as HRESULTs on Windows.
    private static readonly int[] DiskFullResults = [28, 122, unchecked((int)0x80070070), unchecked((int)0x80070027)];

    // SQLITE_FULL: the database or its journal could not grow.
    private const int SqliteFull = 13;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SqliteException { SqliteErrorCode: SqliteFull } || (e is IOException && DiskFullResults.Contains(e.HResult)))
            {
                return true;
            }
        }

        return false;
    }
}
