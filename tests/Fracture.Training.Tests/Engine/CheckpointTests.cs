using Fracture.Training.Engine;

namespace Fracture.Training.Tests.Engine;

public sealed class CheckpointTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-ckpt-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Round_trips_header_and_sections()
    {
        var path = Write();

        var checkpoint = Checkpoint.Read(path);

        Assert.Equal(3, checkpoint.Header.Epoch);
        Assert.Equal("classify", checkpoint.Header.Options.Task);
        Assert.Equal(0.25, checkpoint.Header.Metrics["auc"]);
        Assert.Equal(2, checkpoint.Header.Stopping.BestEpoch);
        Assert.Equal([1, 2, 3], checkpoint.Section("model"));
        Assert.Empty(checkpoint.Section("empty"));
        Assert.Single(checkpoint.Header.History);
        Assert.Throws<CheckpointException>(() => checkpoint.Section("missing"));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.99)]
    public void Truncated_files_are_a_clear_error(double keep)
    {
        var path = Write();
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * keep)]);

        var error = Assert.Throws<CheckpointException>(() => Checkpoint.Read(path));
        Assert.Contains("truncated or corrupt", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flipped_byte_is_caught_by_the_checksum()
    {
        var path = Write();
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        Assert.Throws<CheckpointException>(() => Checkpoint.Read(path));
    }

    [Fact]
    public void Other_files_and_missing_files_are_refused()
    {
        var other = Path.Combine(_root, "model.onnx");
        File.WriteAllText(other, "definitely not a checkpoint, but long enough to have a tail of 32 bytes");

        Assert.Contains("not a Fracture checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.Read(other)).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<CheckpointException>(() => Checkpoint.Read(Path.Combine(_root, "nope.ckpt"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_header_reads_alone_and_a_file_cut_inside_it_or_another_file_is_refused()
    {
        var path = Write();
        var bytes = File.ReadAllBytes(path);
        var cut = Path.Combine(_root, "cut.ckpt");
        File.WriteAllBytes(cut, bytes[..40]);
        var other = Path.Combine(_root, "model.onnx");
        File.WriteAllText(other, "definitely not a checkpoint");

        var header = Checkpoint.ReadHeader(path);

        Assert.Equal((3, "/data.yaml"), (header.Epoch, header.Options.Data));
        Assert.Contains("truncated or corrupt", Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(cut)).Message, StringComparison.Ordinal);
        Assert.Contains("not a Fracture checkpoint", Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(other)).Message, StringComparison.Ordinal);
        Assert.Contains("not found", Assert.Throws<CheckpointException>(() => Checkpoint.ReadHeader(Path.Combine(_root, "nope.ckpt"))).Message, StringComparison.Ordinal);
    }

    private string Write()
    {
        var path = Path.Combine(_root, "weights", "last.ckpt");
        var options = new TrainOptions { Task = "classify", Data = "/data.yaml" };
        var header = new CheckpointHeader(
            3,
            options,
            ["no fracture", "elbow"],
            new Dictionary<string, double> { ["auc"] = 0.25 },
            new EarlyStopping(5, 0.5, 2),
            42,
            [new EpochRecord(1, new Dictionary<string, double> { ["loss"] = 1.5 }, 0.001, 12.5)],
            DateTimeOffset.UnixEpoch);
        Checkpoint.Write(path, header, new Dictionary<string, byte[]> { ["model"] = [1, 2, 3], ["empty"] = [] });
        return path;
    }
}
