using System.Text.Json.Serialization;

namespace Fracture.Server.Contracts;

/// <summary>Body of /healthz ("ok") and of a ready /readyz ("ready", with the number of models loaded).</summary>
public sealed record HealthStatus(string Status, [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? Models = null);
