using System.Text.Json;

namespace Fracture.Server.Storage;

/// <summary>The JSON the server writes, on the wire and in the database alike: camelCase, web defaults.</summary>
public static class ServerJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
