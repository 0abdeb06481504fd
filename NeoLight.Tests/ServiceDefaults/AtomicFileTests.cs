using NeoLight.Tests.Infrastructure;
using NeoLight.Storage;

namespace NeoLight.Tests.ServiceDefaults;

public class AtomicFileTests
{
    [Fact]
    public void A_failed_write_keeps_the_old_file_and_leaves_no_temporary_behind()
    {
        using var folderFolder = new TemporaryFolder();
        var folder = folderFolder.Path;
        {
            var path = Path.Combine(folder, "state.json");
            AtomicFile.Write(path, s => s.Write("old"u8), flushToDisk: true);

            // As System.Text.Json does on an infinity: part of the body is written, then the writer throws.
            var error = Assert.Throws<ArgumentException>(() => AtomicFile.Write(path, s =>
            {
                s.Write("{\"var\":"u8);
                throw new ArgumentException(".NET number values such as positive and negative infinity cannot be written as valid JSON.");
            }, flushToDisk: true));

            Assert.Contains("infinity", error.Message);
            Assert.Equal("old", File.ReadAllText(path));
            Assert.Equal(["state.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
    }
}
