using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using JointDislocation.ML.Phantoms;

namespace JointDislocation.ML.Tests.Phantoms;

public class PhantomSetWriterTests
{
    [Test]
    public async Task Writes_images_in_joint_label_folders_and_a_manifest_with_the_contract_columns()
    {
        using var folder = new TemporaryDirectory("phantoms");
        var result = await PhantomSetWriter.WriteAsync(new PhantomSetOptions { OutputDirectory = folder.Path, Joints = [Joint.Elbow, Joint.Tha], PerClass = 2, Style = PhantomStyle.Hospital });

        var lines = await File.ReadAllLinesAsync(result.ManifestPath);
        Assert.That(lines[0], Is.EqualTo("path,joint,label,style,displacement,roiX,roiY,roiWidth,roiHeight,artifacts"));
        Assert.That(lines, Has.Length.EqualTo(1 + 8));
        foreach (var line in lines.Skip(1))
        {
            var fields = line.Split(',');
            Assert.That(fields, Has.Length.EqualTo(10), line);
            Assert.That(fields[0], Does.Match(@"^(elbow|tha)/(located|dislocated)/[a-z0-9-]+\.png$"));
            Assert.That(fields[0], Does.StartWith($"{fields[1]}/{fields[2]}/"));
            Assert.That(File.Exists(Path.Combine(folder.Path, fields[0])), Is.True, fields[0]);
            Assert.That(fields[3], Is.EqualTo("hospital"));
            Assert.That(double.TryParse(fields[4], System.Globalization.CultureInfo.InvariantCulture, out _), Is.True);
            foreach (var box in fields[9].Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.That(PixelBox.TryParse(box, out _), Is.True, box);
            }
        }

        Assert.That(Directory.GetFiles(folder.Path, "*.tmp", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public async Task Bytes_do_not_depend_on_the_thread_count()
    {
        using var one = new TemporaryDirectory("phantoms");
        using var two = new TemporaryDirectory("phantoms");
        var options = new PhantomSetOptions { Joints = [Joint.Shoulder], PerClass = 3, Seed = 5 };

        await PhantomSetWriter.WriteAsync(options with { OutputDirectory = one.Path, MaxDegreeOfParallelism = 1 });
        await PhantomSetWriter.WriteAsync(options with { OutputDirectory = two.Path, MaxDegreeOfParallelism = 4 });

        var files = Directory.GetFiles(one.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(one.Path, f)).Order(StringComparer.Ordinal).ToList();
        Assert.That(files, Has.Count.EqualTo(7));
        foreach (var file in files)
        {
            Assert.That(await File.ReadAllBytesAsync(Path.Combine(two.Path, file)), Is.EqualTo(await File.ReadAllBytesAsync(Path.Combine(one.Path, file))), file);
        }
    }

    [Test]
    public async Task Reports_progress_and_honours_cancellation()
    {
        using var folder = new TemporaryDirectory("phantoms");
        var reports = new List<PhantomProgress>();
        var progress = new SynchronousProgress(reports);
        await PhantomSetWriter.WriteAsync(new PhantomSetOptions { OutputDirectory = folder.Path, Joints = [Joint.Hip], PerClass = 2, MaxDegreeOfParallelism = 1 }, progress);
        Assert.That(reports.Select(r => r.Completed), Is.EqualTo(new[] { 1, 2, 3, 4 }));
        Assert.That(reports.All(r => r.Total == 4), Is.True);

        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.That(
            async () => await PhantomSetWriter.WriteAsync(new PhantomSetOptions { OutputDirectory = folder.Combine("x"), PerClass = 2 }, null, cancelled.Token),
            Throws.InstanceOf<OperationCanceledException>());
        Assert.That(File.Exists(folder.Combine("x", "manifest.csv")), Is.False);
    }

    [Test]
    public void Invalid_set_options_are_reported_together()
    {
        var options = new PhantomSetOptions { OutputDirectory = "", PerClass = 0, Joints = [], Difficulty = -1 };

        var error = Assert.ThrowsAsync<ArgumentException>(() => PhantomSetWriter.WriteAsync(options))!;

        Assert.That(error.Message, Does.Contain("OutputDirectory").And.Contain("PerClass").And.Contain("Joints").And.Contain("Difficulty"));
    }

    private sealed class SynchronousProgress(List<PhantomProgress> reports) : IProgress<PhantomProgress>
    {
        public void Report(PhantomProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
