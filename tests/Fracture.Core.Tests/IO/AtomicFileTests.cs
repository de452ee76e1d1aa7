using System.Diagnostics;
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

    [Fact]
    public void A_symbolic_link_is_kept_and_the_file_it_leads_to_replaced()
    {
        var real = Path.Combine(_root, "real", "report.json");
        Directory.CreateDirectory(Path.GetDirectoryName(real)!);
        File.WriteAllText(real, "old");
        var link = Path.Combine(_root, "report.json");
        File.CreateSymbolicLink(link, Path.Combine("real", "report.json"));

        AtomicFile.WriteAllText(link, "new");

        Assert.Equal(Path.Combine("real", "report.json"), new FileInfo(link).LinkTarget);
        Assert.Equal("new", File.ReadAllText(real));
        Assert.Equal(["report.json"], Directory.GetFiles(Path.GetDirectoryName(real)!).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_pipe_is_written_to_not_replaced()
    {
        var fifo = Path.Combine(_root, "out.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // A pipe's reader blocks until a writer opens it: read on another thread while this one writes.
        var read = Task.Run(() => File.ReadAllText(fifo));
        AtomicFile.WriteAllText(fifo, "through the pipe");

        Assert.Equal("through the pipe", await read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(FileKind.IsSpecial(fifo), "the pipe was replaced by a regular file");
        Assert.Equal(["out.fifo"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void A_file_named_through_proc_is_written_through_its_descriptor()
    {
        // What `--json /dev/stdout` names when the output goes to a file: renaming over that file would leave the
        // process writing to a deleted one.
        var held = Path.Combine(_root, "held.txt");
        using var stream = new FileStream(held, FileMode.CreateNew, FileAccess.ReadWrite);
        var descriptor = stream.SafeFileHandle.DangerousGetHandle();

        AtomicFile.WriteAllText($"/proc/self/fd/{descriptor}", "through the descriptor");

        Assert.Equal("through the descriptor", File.ReadAllText(held));
        Assert.Equal("through the descriptor".Length, stream.Length);
        Assert.Equal(["held.txt"], Directory.GetFiles(_root).Select(Path.GetFileName));
    }

    [Fact]
    public void Only_devices_and_pipes_are_special()
    {
        var file = Path.Combine(_root, "plain.txt");
        File.WriteAllText(file, "x");

        Assert.True(FileKind.IsSpecial("/dev/null"));
        Assert.False(FileKind.IsSpecial(file));
        Assert.False(FileKind.IsSpecial(_root));
        Assert.False(FileKind.IsSpecial(Path.Combine(_root, "missing")));
    }
}
