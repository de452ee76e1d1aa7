using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Fracture.Core.IO;

namespace Fracture.Training.Engine;

/// <summary>
/// A training checkpoint file: magic, JSON header, then named binary sections (model weights, EMA weights, optimiser
/// state), then a SHA-256 of all that. The hash is checked before any byte reaches libtorch, so a truncated or
/// corrupt file (a killed run, a full disk) gives a clear error instead of a native crash. Written atomically.
/// </summary>
public sealed class Checkpoint
{
    private static readonly byte[] Magic = "FRACTURE-CKPT-1\n"u8.ToArray();
    private const int HashLength = 32;

    private Checkpoint(CheckpointHeader header, IReadOnlyDictionary<string, byte[]> sections)
    {
        Header = header;
        Sections = sections;
    }

    public CheckpointHeader Header { get; }

    public IReadOnlyDictionary<string, byte[]> Sections { get; }

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public byte[] Section(string name) =>
        Sections.TryGetValue(name, out var bytes) ? bytes : throw new CheckpointException($"checkpoint has no '{name}' section");

    public static void Write(string path, CheckpointHeader header, IReadOnlyDictionary<string, byte[]> sections)
    {
        using var body = new MemoryStream();
        using (var writer = new BinaryWriter(body, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            var json = JsonSerializer.SerializeToUtf8Bytes(header, JsonOptions);
            writer.Write(json.Length);
            writer.Write(json);
            writer.Write(sections.Count);
            foreach (var (name, bytes) in sections)
            {
                writer.Write(name);
                writer.Write((long)bytes.Length);
                writer.Write(bytes);
            }
        }

        var hash = SHA256.HashData(body.GetBuffer().AsSpan(0, (int)body.Length));
        body.Write(hash);
        AtomicFile.WriteAllBytes(path, body.GetBuffer().AsSpan(0, (int)body.Length));
    }

    /// <summary>
    /// The header alone, read without the tensors or the checksum (<see cref="Read"/> checks them): what a command
    /// looks up before its work starts (the data a run trained on).
    /// </summary>
    public static CheckpointHeader ReadHeader(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"checkpoint not found: {path}");
        }

        try
        {
            using var reader = new BinaryReader(File.OpenRead(path), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic))
            {
                throw new CheckpointException($"{path} is not a Fracture checkpoint");
            }

            var length = reader.ReadInt32();
            if (length < 0 || length > reader.BaseStream.Length - reader.BaseStream.Position)
            {
                throw new CheckpointException($"{path} is truncated or corrupt (its header is cut short)");
            }

            return JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadBytes(length), JsonOptions)
                ?? throw new CheckpointException($"{path}: empty header");
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException)
        {
            throw new CheckpointException($"{path}: unreadable checkpoint header ({ex.Message})", ex);
        }
    }

    public static Checkpoint Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new CheckpointException($"checkpoint not found: {path}");
        }

        var data = File.ReadAllBytes(path);
        if (data.Length < Magic.Length + HashLength || !data.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw new CheckpointException($"{path} is not a Fracture checkpoint (or is truncated to {data.Length} bytes)");
        }

        var stored = data.AsSpan(data.Length - HashLength);
        var actual = SHA256.HashData(data.AsSpan(0, data.Length - HashLength));
        if (!stored.SequenceEqual(actual))
        {
            throw new CheckpointException($"{path} is truncated or corrupt (checksum mismatch); use the other checkpoint of the run or start again");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(data, Magic.Length, data.Length - HashLength - Magic.Length), Encoding.UTF8);
            var header = JsonSerializer.Deserialize<CheckpointHeader>(reader.ReadBytes(reader.ReadInt32()), JsonOptions)
                ?? throw new CheckpointException($"{path}: empty header");
            var count = reader.ReadInt32();
            var sections = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var length = reader.ReadInt64();
                sections[name] = reader.ReadBytes(checked((int)length));
            }

            return new Checkpoint(header, sections);
        }
        catch (Exception ex) when (ex is EndOfStreamException or JsonException or OverflowException)
        {
            throw new CheckpointException($"{path}: unreadable checkpoint layout ({ex.Message})", ex);
        }
    }
}
