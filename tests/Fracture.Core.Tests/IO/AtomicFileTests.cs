using Fracture.Core.IO;

namespace Fracture.Core.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("fracture-atomic-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void Writes_creates_folders_and_replaces_without_leaving_temp_files()
    {
        var path = Path.Combine(_root, "a", "b", "out.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Equal(["out.txt"], Directory.GetFiles(Path.GetDirectoryName(path)!).Select(Path.GetFileName));
    }

    [Fact]
    public void A_failing_writer_keeps_the_old_content_and_cleans_up()
    {
        var path = Path.Combine(_root, "out.txt");
        AtomicFile.WriteAllText(path, "old");

        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new IOException("disk full");
        }));

        Assert.Equal("old", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_root));
    }
}
