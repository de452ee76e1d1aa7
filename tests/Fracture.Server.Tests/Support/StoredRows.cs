using Microsoft.Data.Sqlite;

namespace Fracture.Server.Tests.Support;

/// <summary>Damages a stored prediction's row the way another version or a hand edit could.</summary>
internal static class StoredRows
{
    /// <param name="dataDirectory">The server's data folder (holding fracture.db).</param>
    /// <param name="column">A column of the predictions table; a fixed name from the test, never user input.</param>
    public static void Set(string dataDirectory, string id, string column, string value)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(dataDirectory, "fracture.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // The column is one of the test's own constants.
        command.CommandText = $"UPDATE predictions SET {column} = $value WHERE id = $id;";
#pragma warning restore CA2100
        command.Parameters.AddWithValue("$value", value);
        command.Parameters.AddWithValue("$id", id);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"no prediction {id} to change");
        }
    }
}
