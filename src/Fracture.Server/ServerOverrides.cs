namespace Fracture.Server;

/// <summary>Settings a front end (<c>fracture serve</c>) passes on top of configuration; null keeps what configuration says.</summary>
/// <param name="Urls">Where to listen, e.g. "http://127.0.0.1:5080" (semicolon-separated for several).</param>
/// <param name="ModelsDirectory">Overrides <c>Fracture:Server:ModelsDirectory</c>.</param>
/// <param name="DataDirectory">Overrides <c>Fracture:Server:DataDirectory</c>.</param>
public sealed record ServerOverrides(string? Urls = null, string? ModelsDirectory = null, string? DataDirectory = null);
