using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;

namespace JointDislocation.ML.Tests.Data;

public class RadiographDatasetTests
{
    private TemporaryDirectory _temp = null!;

    [SetUp]
    public void SetUp() => _temp = new TemporaryDirectory("jdml-dataset");

    [TearDown]
    public void TearDown() => _temp.Dispose();

    [Test]
    public void Flat_folder_layout_loads_both_labels_in_a_stable_order()
    {
        Image("d", "dislocated", "b.png");
        Image("d", "dislocated", "a.png");
        Image("d", "located", "c.jpg");
        Image("d", "located", ".hidden.png");

        var dataset = RadiographDataset.Load(_temp.Combine("d"));

        Assert.That(dataset.Records.Select(r => Path.GetFileName(r.Path)), Is.EqualTo(new[] { "a.png", "b.png", "c.jpg" }));
        Assert.That(dataset.Records.Select(r => r.IsPositive), Is.EqualTo(new[] { true, true, false }));
        Assert.That(dataset.Records.Select(r => r.Label), Is.EqualTo(new[] { "dislocated", "dislocated", "located" }));
        Assert.That(dataset.Records.All(r => r.Joint is null && r.Source.Kind == RadiographSourceKind.Folder), Is.True);
        Assert.That((dataset.PositiveCount, dataset.NegativeCount), Is.EqualTo((2, 1)));
        Assert.That(dataset.Source, Is.EqualTo(_temp.Combine("d")));
        Assert.That(dataset.Skipped, Is.Empty);
    }

    [Test]
    public void Flat_folder_takes_the_joint_from_the_options()
    {
        Image("d", "dislocated", "a.png");
        var dataset = RadiographDataset.Load(_temp.Combine("d"), new DatasetOptions { Joint = Joint.Elbow });
        Assert.That(dataset.Records.Single().Joint, Is.EqualTo(Joint.Elbow));
    }

    [Test]
    public void Joint_folder_layout_loads_every_joint_or_the_chosen_one()
    {
        Image("d", "hip", "dislocated", "h1.png");
        Image("d", "hip", "located", "h2.png");
        Image("d", "shoulder", "located", "s1.png");

        var all = RadiographDataset.Load(_temp.Combine("d"));
        Assert.That(all.Records.Select(r => (r.Joint, Path.GetFileName(r.Path))), Is.EqualTo(new (Joint?, string)[]
        {
            (Joint.Shoulder, "s1.png"), (Joint.Hip, "h1.png"), (Joint.Hip, "h2.png"),
        }));
        Assert.That(all.Joints, Is.EqualTo(new[] { Joint.Shoulder, Joint.Hip }));

        var hip = RadiographDataset.Load(_temp.Combine("d"), new DatasetOptions { Joint = Joint.Hip });
        Assert.That(hip.Records.Select(r => Path.GetFileName(r.Path)), Is.EqualTo(new[] { "h1.png", "h2.png" }));
        // The same records; only their position in the listing differs (the hip-only listing has no shoulder files).
        Assert.That(all.ForJoint(Joint.Hip).Records.Select(r => r with { ListingIndex = -1 }), Is.EqualTo(hip.Records.Select(r => r with { ListingIndex = -1 })));
        Assert.That(all.ForJoint(Joint.Hip).Records.Select(r => r.ListingIndex), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(hip.Records.Select(r => r.ListingIndex), Is.EqualTo(new[] { 0, 1 }));

        var missing = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_temp.Combine("d"), new DatasetOptions { Joint = Joint.Elbow }));
        Assert.That(missing!.Message, Does.Contain("no folder for joint elbow"));
    }

    [Test]
    public void Label_names_are_configurable()
    {
        Image("d", "yes_THA", "a.png");
        Image("d", "no_THA", "b.png");
        var options = new DatasetOptions { PositiveLabel = "yes_THA", NegativeLabel = "no_THA" };

        var dataset = RadiographDataset.Load(_temp.Combine("d"), options);
        Assert.That(dataset.Records.Select(r => (r.Label, r.IsPositive)), Is.EqualTo(new[] { ("yes_THA", true), ("no_THA", false) }));
        Assert.That((dataset.PositiveLabel, dataset.NegativeLabel), Is.EqualTo(("yes_THA", "no_THA")));

        var defaults = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_temp.Combine("d")));
        Assert.That(defaults!.Message, Does.Contain("no label folders ('dislocated' and 'located')"));
    }

    [Test]
    public void Unknown_folders_beside_label_folders_are_listed()
    {
        Image("d", "dislocated", "a.png");
        Image("d", "maybe", "b.png");
        Image("d", "unsure", "c.png");
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_temp.Combine("d")));
        Assert.That(exception!.Message, Does.Contain("unknown label folders: maybe, unsure"));
    }

    [Test]
    public void Bad_files_in_folders_are_skipped_with_reasons_or_stop_a_strict_run()
    {
        Image("d", "dislocated", "good.png");
        var empty = TestImages.Write(_temp.Combine("d", "dislocated", "empty.png"), []);
        var text = TestImages.Write(_temp.Combine("d", "located", "notes.txt"), "hello"u8.ToArray());
        var bomb = TestImages.Write(_temp.Combine("d", "located", "bomb.png"), TestImages.PngHeaderOnly(100_000, 100_000));

        var dataset = RadiographDataset.Load(_temp.Combine("d"));
        Assert.That(dataset.Records.Select(r => Path.GetFileName(r.Path)), Is.EqualTo(new[] { "good.png" }));
        Assert.That(dataset.Skipped.Select(s => s.Path), Is.EquivalentTo(new[] { empty, text, bomb }));
        Assert.That(dataset.Skipped.Single(s => s.Path == empty).Reason, Is.EqualTo("empty file"));
        Assert.That(dataset.Skipped.Single(s => s.Path == text).Reason, Is.EqualTo("not an image (unrecognised content)"));
        Assert.That(dataset.Skipped.Single(s => s.Path == bomb).Reason, Does.Contain("above the limit"));

        var strict = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_temp.Combine("d"), new DatasetOptions { Strict = true }));
        Assert.That(strict!.Path, Is.EqualTo(empty));
    }

    [Test]
    public void Manifest_with_bom_crlf_quotes_and_all_columns_loads()
    {
        Image("m", "img", "a,b.png");
        Image("m", "img", "c.png");
        var manifest = Manifest("m",
            "path,joint,label,style,displacement,roiX,roiY,roiWidth,roiHeight,artifacts,patient\r\n" +
            "\"img/a,b.png\",hip,dislocated,internet,1.5,10,20,30,40,1:2:3:4;5:6:7:8,P1\r\n" +
            "img/c.png,HIP,Located,hospital,,,,,,,\"P \"\"2\"\"\"\r\n",
            bom: true);

        var dataset = RadiographDataset.Load(manifest);

        Assert.That(dataset.Records, Has.Count.EqualTo(2));
        var first = dataset.Records[0];
        Assert.That(first.Path, Is.EqualTo(_temp.Combine("m", "img", "a,b.png")));
        Assert.That((first.Joint, first.Label, first.IsPositive, first.Style, first.Displacement), Is.EqualTo((Joint.Hip, "dislocated", true, "internet", 1.5)));
        Assert.That(first.RegionOfInterest, Is.EqualTo(new PixelBox(10, 20, 30, 40)));
        Assert.That(first.Artifacts, Is.EqualTo(new[] { new PixelBox(1, 2, 3, 4), new PixelBox(5, 6, 7, 8) }));
        Assert.That(first.GroupId, Is.EqualTo("P1"));
        Assert.That(first.Source, Is.EqualTo(new RadiographSource(RadiographSourceKind.Manifest, manifest, 2)));

        var second = dataset.Records[1];
        Assert.That((second.Label, second.IsPositive, second.Displacement, second.RegionOfInterest), Is.EqualTo(("located", false, (double?)null, (PixelBox?)null)));
        Assert.That(second.Artifacts, Is.Empty);
        Assert.That(second.GroupId, Is.EqualTo("P \"2\""));
        Assert.That(second.Source.Row, Is.EqualTo(3));
    }

    [Test]
    public void Manifest_needs_only_path_and_label_and_accepts_a_group_column()
    {
        Image("m", "x.png");
        var manifest = Manifest("m", "label,path,group\nlocated,x.png,G7\n\n");
        var record = RadiographDataset.Load(manifest, new DatasetOptions { Joint = Joint.Tha }).Records.Single();
        Assert.That((record.Joint, record.GroupId, record.IsPositive), Is.EqualTo(((Joint?)Joint.Tha, "G7", false)));
    }

    [Test]
    public void Manifest_rows_of_other_joints_are_left_out_when_a_joint_is_chosen()
    {
        Image("m", "a.png");
        Image("m", "b.png");
        var manifest = Manifest("m", "path,joint,label\na.png,hip,dislocated\nb.png,elbow,located\n");
        var dataset = RadiographDataset.Load(manifest, new DatasetOptions { Joint = Joint.Elbow });
        Assert.That(dataset.Records.Select(r => Path.GetFileName(r.Path)), Is.EqualTo(new[] { "b.png" }));
    }

    [Test]
    public void Manifest_label_names_are_configurable()
    {
        Image("m", "a.png");
        Image("m", "b.png");
        var manifest = Manifest("m", "path,label\na.png,yes_THA\nb.png,no_THA\n");
        var dataset = RadiographDataset.Load(manifest, new DatasetOptions { PositiveLabel = "yes_THA", NegativeLabel = "no_THA" });
        Assert.That(dataset.Records.Select(r => r.IsPositive), Is.EqualTo(new[] { true, false }));
    }

    [Test]
    public void Unknown_manifest_labels_are_all_listed()
    {
        Image("m", "a.png");
        var manifest = Manifest("m", "path,label\na.png,dislocated\na.png,broken\na.png,normal\na.png,broken\na.png,\n");
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(manifest));
        Assert.That(exception!.Path, Is.EqualTo(manifest));
        Assert.That(exception.Message, Does.Contain("'broken' (first on row 3)").And.Contain("'normal' (first on row 4)").And.Contain("'(empty)' (first on row 6)")
            .And.Contain("'dislocated'").And.Contain("'located'"));
    }

    [TestCase("/etc/passwd", "absolute")]
    [TestCase("../outside.png", "outside the manifest's folder")]
    [TestCase("img/../../outside.png", "outside the manifest's folder")]
    [TestCase("C:\\\\images\\\\a.png", "absolute")]
    public void Manifest_paths_outside_its_folder_are_refused_naming_manifest_and_row(string path, string why)
    {
        Image("outside.png");
        Image("m", "ok.png");
        var manifest = Manifest("m", $"path,label\nok.png,located\n\"{path.Replace("\\\\", "\\", StringComparison.Ordinal)}\",dislocated\n");
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(manifest));
        Assert.That(exception!.Path, Is.EqualTo(manifest));
        Assert.That(exception.Row, Is.EqualTo(3));
        Assert.That(exception.Message, Does.Contain(why));
    }

    [Test]
    public void Paths_outside_the_manifest_folder_load_when_explicitly_allowed()
    {
        var outside = Image("outside.png");
        var manifest = Manifest("m", $"path,label\n../outside.png,dislocated\n{outside},located\n");
        var dataset = RadiographDataset.Load(manifest, new DatasetOptions { AllowPathsOutsideManifestFolder = true });
        Assert.That(dataset.Records.Select(r => r.Path), Is.EqualTo(new[] { outside, outside }));
    }

    [Test]
    public void Backslash_paths_from_windows_manifests_resolve()
    {
        var image = Image("m", "hip", "located", "a.png");
        var manifest = Manifest("m", "path,label\nhip\\located\\a.png,located\n");
        Assert.That(RadiographDataset.Load(manifest).Records.Single().Path, Is.EqualTo(image));
    }

    [Test]
    public void Missing_manifest_files_are_reported_or_stop_a_strict_run()
    {
        Image("m", "a.png");
        var manifest = Manifest("m", "path,label\na.png,dislocated\ngone.png,located\n");

        var dataset = RadiographDataset.Load(manifest);
        Assert.That(dataset.Records, Has.Count.EqualTo(1));
        var skipped = dataset.Skipped.Single();
        Assert.That(skipped.Path, Is.EqualTo(_temp.Combine("m", "gone.png")));
        Assert.That(skipped.Reason, Does.StartWith("file not found").And.Contain("row 3"));

        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(manifest, new DatasetOptions { Strict = true }));
        Assert.That((exception!.Path, exception.Row), Is.EqualTo((manifest, (int?)3)));
        Assert.That(exception.Message, Does.Contain("gone.png"));
    }

    [TestCase("path,label,displacement\na.png,located,far\n", "displacement 'far'")]
    [TestCase("path,label,roiX,roiY,roiWidth,roiHeight\na.png,located,1,2,3,\n", "region of interest")]
    [TestCase("path,label,artifacts\na.png,located,1:2:3\n", "artifact box '1:2:3'")]
    [TestCase("path,label,joint\na.png,located,knee\n", "unknown joint 'knee'")]
    [TestCase("path,label\na.png,located,extra\n", "3 fields but the header has 2")]
    [TestCase("path,label\n\"a.png,located\n", "quoted field is not closed")]
    [TestCase("file,label\na.png,located\n", "lacks the required column(s) path")]
    [TestCase("path,label,Path\na.png,located,b\n", "duplicate columns")]
    [TestCase("", "empty manifest")]
    public void Malformed_manifest_rows_are_refused_with_the_reason(string content, string why)
    {
        Image("m", "a.png");
        var manifest = Manifest("m", content);
        var exception = Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(manifest));
        Assert.That(exception!.Path, Is.EqualTo(manifest));
        Assert.That(exception.Message, Does.Contain(why));
    }

    [Test]
    public void Load_refuses_paths_that_are_neither_folder_nor_csv()
    {
        var other = Image("x.png");
        Assert.That(Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(other))!.Message, Does.Contain("expected a folder of images or a .csv manifest"));
        Assert.That(Assert.Throws<InvalidInputException>(() => RadiographDataset.Load(_temp.Combine("none")))!.Message, Does.Contain("no such folder or file"));
    }

    [Test]
    public void Large_manifest_streams_and_loads()
    {
        // 200 000 rows: the reader must not choke (one shared image keeps the test fast with header checks off).
        Image("m", "a.png");
        var path = _temp.Combine("m", "manifest.csv");
        using (var writer = new StreamWriter(path))
        {
            writer.WriteLine("path,label,patient");
            for (var i = 0; i < 200_000; i++)
            {
                writer.Write("a.png,");
                writer.Write(i % 2 == 0 ? "dislocated" : "located");
                writer.Write(",P");
                writer.WriteLine(i / 4);
            }
        }

        var dataset = RadiographDataset.Load(path, new DatasetOptions { VerifyImageHeaders = false });
        Assert.That((dataset.PositiveCount, dataset.NegativeCount), Is.EqualTo((100_000, 100_000)));
        Assert.That(dataset.Records[^1].Source.Row, Is.EqualTo(200_001));
    }

    [Test]
    public void Dataset_options_defaults_are_documented_values()
    {
        var options = new DatasetOptions();
        Assert.That((options.PositiveLabel, options.NegativeLabel, options.Joint, options.Strict, options.AllowPathsOutsideManifestFolder, options.VerifyImageHeaders),
            Is.EqualTo(("dislocated", "located", (Joint?)null, false, false, true)));
        Assert.That(options.Decoding, Is.EqualTo(ImageDecodingOptions.Default));
    }

    [Test]
    public void Invalid_dataset_options_report_every_problem_at_once()
    {
        var exception = Assert.Throws<ArgumentException>(() => new DatasetOptions { PositiveLabel = "same", NegativeLabel = "SAME", Decoding = new ImageDecodingOptions { MaxSide = 0 } }.Validate());
        Assert.That(exception!.Message, Does.Contain("must differ").And.Contain("MaxSide"));
        var slash = Assert.Throws<ArgumentException>(() => new DatasetOptions { PositiveLabel = "a/b", NegativeLabel = " " }.Validate());
        Assert.That(slash!.Message, Does.Contain("PositiveLabel 'a/b'").And.Contain("NegativeLabel must not be empty"));
    }

    private string Image(params string[] parts)
    {
        var path = _temp.Combine(parts);
        return TestImages.Write(path, TestImages.GrayPng(8, 8, TestImages.Pattern(8, 8)));
    }

    private string Manifest(string folder, string content, bool bom = false)
    {
        var path = _temp.Combine(folder, "manifest.csv");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new UTF8Encoding(bom));
        return path;
    }
}
