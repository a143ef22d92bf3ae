using System.Globalization;
using System.Text;
using System.Text.Json;
using JointDislocation.ML.Data;
using JointDislocation.ML.Tests.Cli;
using JointDislocation.ML.Tests.Training;

namespace JointDislocation.ML.Tests.Data;

/// <summary>
/// DICOM as hospital archives hold it: more syntaxes (JPEG, JPEG 2000 through GDCM, bare data sets), multi-frame
/// files, selection by attributes, and Patient ID grouping folds without ever leaving memory.
/// </summary>
public class DicomArchiveTests
{
    private const int Size = 32;
    private TemporaryDirectory _folder = null!;

    [OneTimeSetUp]
    public void SetUp()
    {
        DicomFiles.RequireDcmtk();
        _folder = new TemporaryDirectory("jdml-dicom-archive");
    }

    [OneTimeTearDown]
    public void CleanUp() => _folder?.Dispose();

    [TestCase("jpeg-lossless")]
    [TestCase("no-preamble")]
    [TestCase("no-preamble-implicit")]
    public void Lossless_jpeg_and_bare_data_sets_decode_to_the_stored_pixels(string variant)
    {
        var gray = TrainingData.Scene(new Random(11), Size, Size, positive: true);
        var path = DicomFiles.Write(_folder.Combine(variant, "image"), Size, Size, gray, variant);

        Assert.That(ImageFormatSniffer.TrySniff(path, out var format, out _) && format == ImageFormat.Dicom, Is.True, "recognised by content");
        Assert.That(RadiographDecoder.TryReadHeader(path, null, out var header, out var reason), Is.True, reason);
        Assert.That(header, Is.EqualTo(new ImageHeader(Size, Size, "dicom", 8)));
        Assert.That(RadiographDecoder.Decode(path).Pixels.ToArray(), Is.EqualTo(gray));
    }

    [Test]
    public void A_file_past_the_one_mib_header_window_decodes_and_is_refused_when_cut()
    {
        // 1100 × 1000 8-bit pixels: the header check parses the first MiB only, which ends inside Pixel Data.
        const int width = 1100, height = 1000;
        var gray = TrainingData.Scene(new Random(19), width, height, positive: true);
        var path = DicomFiles.Write(_folder.Combine("large", "large.dcm"), width, height, gray, "plain");
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(1 << 20));

        Assert.That(RadiographDecoder.Decode(path).Pixels.ToArray(), Is.EqualTo(gray));
        var bytes = File.ReadAllBytes(path);
        Assert.That(RadiographDecoder.TryDecode(bytes.AsSpan(0, bytes.Length - 100), ImageDecodingOptions.Default, out _, out var reason), Is.False);
        Assert.That(reason, Does.Contain("truncated DICOM: pixel data declares 1100000 bytes"));
    }

    [Test]
    public void Baseline_jpeg_decodes_close_to_the_stored_pixels()
    {
        var gray = TrainingData.Scene(new Random(12), Size, Size, positive: false);
        // dcmcjpeg adds sequences of explicit length (Source Image, Derivation Code), which the header parser must walk.
        var path = DicomFiles.Write(_folder.Combine("baseline", "image.dcm"), Size, Size, gray, "jpeg-baseline");

        var decoded = RadiographDecoder.Decode(path).Pixels.ToArray();
        var differences = decoded.Zip(gray, (a, b) => Math.Abs(a - b)).ToList();
        Assert.That(differences.Average(), Is.LessThan(5), "mean absolute difference of a lossy JPEG (quality 90) of a noisy scene");
        Assert.That(differences.Max(), Is.GreaterThan(0), "baseline JPEG is lossy: the check would see a wrong decoder");
    }

    [Test]
    public void Jpeg2000_goes_through_gdcm_and_gives_the_same_pixels_and_features()
    {
        DicomFiles.RequireGdcm();
        var gray = TrainingData.Scene(new Random(13), Size, Size, positive: true);
        var plain = DicomFiles.Write(_folder.Combine("j2k", "plain.dcm"), Size, Size, gray, "plain");
        var j2k = DicomFiles.Write(_folder.Combine("j2k", "j2k.dcm"), Size, Size, gray, "j2k");
        Assert.That(Encoding.ASCII.GetString(File.ReadAllBytes(j2k)), Does.Contain("1.2.840.10008.1.2.4.90"), "JPEG 2000 lossless syntax");

        var decoded = RadiographDecoder.Decode(j2k);
        Assert.That(decoded.Pixels.ToArray(), Is.EqualTo(gray));
        var backbone = new GridBackbone();
        var fromJ2k = backbone.Featurize([decoded])[0].Pooled.ToArray();
        var fromPlain = backbone.Featurize([RadiographDecoder.Decode(plain)])[0].Pooled.ToArray();
        Assert.That(fromJ2k, Is.EqualTo(fromPlain).Within(1e-4));
    }

    [Test]
    public void Without_gdcmconv_jpeg2000_is_refused_naming_the_package()
    {
        DicomFiles.RequireGdcm();
        var gray = TrainingData.Scene(new Random(14), Size, Size, positive: false);
        var j2k = DicomFiles.Write(_folder.Combine("j2k-missing", "j2k.dcm"), Size, Size, gray, "j2k");

        // A DCMTK folder with dcm2pnm in it but no gdcmconv.
        var tools = Directory.CreateDirectory(_folder.Combine("dcmtk-only")).FullName;
        var dcm2pnm = Path.Combine(tools, "dcm2pnm");
        if (!File.Exists(dcm2pnm))
        {
            File.CreateSymbolicLink(dcm2pnm, DicomDecoder.FindTool("dcm2pnm", ImageDecodingOptions.Default)!);
        }

        var options = ImageDecodingOptions.Default with { DcmtkFolder = tools };
        Assert.That(RadiographDecoder.TryDecode(j2k, options, out _, out var reason), Is.False);
        Assert.That(reason, Is.EqualTo(RadiographDecoder.DicomNeedsGdcm));
        Assert.That(reason, Does.Contain("libgdcm-tools"));
        var plain = DicomFiles.Write(_folder.Combine("j2k-missing", "plain.dcm"), Size, Size, gray, "plain");
        Assert.That(RadiographDecoder.TryDecode(plain, options, out _, out reason), Is.True, reason);
    }

    [Test]
    public void A_multi_frame_file_gives_its_first_frame_and_one_warning()
    {
        var gray = TrainingData.Scene(new Random(15), Size, Size, positive: true);
        var path = DicomFiles.Write(_folder.Combine("frames", "located", "three-frames.dcm"), Size, Size, gray, "plain");
        DicomFiles.AddFrames(path, 2, fill: 255);
        DicomFiles.Write(_folder.Combine("frames", "dislocated", "one-frame.dcm"), Size, Size, gray, "plain");

        Assert.That(RadiographDecoder.TryReadHeader(path, null, out var header, out var reason), Is.True, reason);
        Assert.That(header!.Frames, Is.EqualTo(3));
        Assert.That(RadiographDecoder.Decode(path).Pixels.ToArray(), Is.EqualTo(gray), "the first frame, not the white ones");

        var dataset = RadiographDataset.Load(_folder.Combine("frames"));
        Assert.That(dataset.Records, Has.Count.EqualTo(2));
        Assert.That(dataset.Warnings, Has.Count.EqualTo(1));
        Assert.That(dataset.Warnings[0], Does.Contain(path).And.Contain("multi-frame DICOM (3 frames); only the first frame is read"));
    }

    [Test]
    public void Selection_keeps_matching_dicom_files_counts_per_rule_and_keeps_other_files()
    {
        var root = _folder.Combine("selection");
        var gray = TrainingData.Scene(new Random(16), Size, Size, positive: true);

        // Modality, body part, view; null leaves the attribute out.
        (string? Modality, string? Part, string? View)[] files =
        [
            ("CR", "HIP", "AP"),        // kept
            ("dx", "PELVIS", "AP"),     // kept (case ignored)
            ("CT", "HIP", "AP"),        // dropped by modality
            ("CR", "KNEE", "AP"),       // dropped by body part
            ("CR", "HIP", "PA"),        // dropped by view
            (null, "HIP", "AP"),        // dropped by modality (missing)
            ("DX", "KNEE\\PELVIS", "AP"), // kept: one of the values matches
        ];
        for (var i = 0; i < files.Length; i++)
        {
            var label = i % 2 == 0 ? "dislocated" : "located";
            var path = DicomFiles.Write(Path.Combine(root, label, $"file-{i}.dcm"), Size, Size, gray, "plain");
            var (modality, part, view) = files[i];
            var arguments = new List<string> { "-nb" };
            if (modality is not null)
            {
                arguments.AddRange(["-i", $"(0008,0060)={modality}"]);
            }

            arguments.AddRange(["-i", $"(0018,0015)={part}", "-i", $"(0018,5101)={view}", path]);
            DicomFiles.Tool("dcmodify", [.. arguments]);
        }

        TestImages.Write(Path.Combine(root, "located", "photo.png"), TestImages.GrayPng(Size, Size, gray));
        var options = new DatasetOptions
        {
            DicomSelection = new[] { "Modality=CR,DX", "BodyPartExamined = HIP, PELVIS", "viewposition=AP" }.Select(DicomSelectionRule.Parse).ToList(),
            Strict = true,
        };

        var dataset = RadiographDataset.Load(root, options);

        Assert.That(dataset.Records.Select(r => Path.GetFileName(r.Path)).Order(), Is.EqualTo(new[] { "file-0.dcm", "file-1.dcm", "file-6.dcm", "photo.png" }));
        Assert.That(dataset.Skipped, Is.Empty, "dropped files are not skipped files");
        Assert.That(dataset.DicomSelectionCounts, Is.EqualTo(new[]
        {
            new DicomSelectionCount("Modality=CR,DX", 5, 2),
            new DicomSelectionCount("BodyPartExamined=HIP,PELVIS", 6, 1),
            new DicomSelectionCount("ViewPosition=AP", 6, 1),
        }));
        Assert.That(dataset.DicomSelectionNotDicom, Is.EqualTo(1));

        Assert.That(() => DicomSelectionRule.Parse("PatientName=X"), Throws.ArgumentException.With.Message.Contains("unknown attribute"));
        Assert.That(() => DicomSelectionRule.Parse("Modality"), Throws.ArgumentException.With.Message.Contains("Attribute=VALUE"));
        Assert.That(() => DicomSelectionRule.Parse("Modality=,"), Throws.ArgumentException.With.Message.Contains("at least one value"));
        Assert.That(() => RadiographDataset.Load(root, options with { VerifyImageHeaders = false }), Throws.ArgumentException.With.Message.Contains("VerifyImageHeaders"));
    }

    [Test]
    public void Dicom_patient_ids_group_folds_and_a_disagreeing_patient_column_is_caught()
    {
        var root = _folder.Combine("patients");
        var random = new Random(17);
        var manifest = new StringBuilder("path,label,patient\n");
        for (var i = 0; i < 12; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var path = DicomFiles.Write(Path.Combine(root, label, $"image-{i}.dcm"), Size, Size, TrainingData.Scene(random, Size, Size, positive), "plain");
            DicomFiles.Tool("dcmodify", "-nb", "-m", $"(0010,0020)=ZZPATIENT{i / 3}", path);
            manifest.Append(CultureInfo.InvariantCulture, $"{label}/image-{i}.dcm,{label},case-{i}\n");
        }

        var records = RadiographDataset.Load(root).Records;
        var folds = DatasetSplitter.KFold(records, 4, seed: 3);
        Assert.That(folds.Sum(f => PatientOverlap.Count(f.Train, f.Test, sameDataset: true)), Is.Zero, "grouped by Patient ID");
        Assert.That(folds.Select(f => f.Test.Count), Is.All.EqualTo(3), "four patients of three images, four folds");
        Assert.That(PatientOverlap.Known(records, sameDataset: true), Is.EqualTo(12));

        // Without the header's patient, files are their own groups and a patient's images land on both sides.
        var anonymous = records.Select(r => r with { DicomPatientKey = null }).ToList();
        var split = DatasetSplitter.KFold(anonymous, 4, seed: 3);
        Assert.That(split.Sum(f => PatientOverlap.Count(f.Train, f.Test, sameDataset: true)), Is.Zero, "no patient known, nothing to count");
        Assert.That(split.Sum(f => PatientOverlap.Count(f.Train.Select((r, i) => r with { DicomPatientKey = records.First(x => x.Path == r.Path).DicomPatientKey }),
            f.Test.Select(r => r with { DicomPatientKey = records.First(x => x.Path == r.Path).DicomPatientKey }), sameDataset: true)), Is.GreaterThan(0),
            "the check counts a patient split across sides");

        // A patient column wins over the header, and where it disagrees the header still catches the leak.
        File.WriteAllText(Path.Combine(root, "manifest.csv"), manifest.ToString());
        var fromManifest = RadiographDataset.Load(Path.Combine(root, "manifest.csv")).Records;
        var byColumn = DatasetSplitter.KFold(fromManifest, 4, seed: 3);
        Assert.That(byColumn.Sum(f => PatientOverlap.Count(f.Train, f.Test, sameDataset: true)), Is.GreaterThan(0));

        // Across datasets only the header counts: the other dataset's patient column numbers its own patients.
        var other = fromManifest.Select(r => r with { DicomPatientKey = null }).ToList();
        Assert.That(PatientOverlap.Count(fromManifest, other, sameDataset: false), Is.Zero);
        Assert.That(PatientOverlap.Count(fromManifest, other, sameDataset: true), Is.EqualTo(12));
    }

    [Test]
    public async Task Train_refuses_folds_when_every_file_names_the_same_patient()
    {
        // As an anonymiser that writes one Patient ID into every file leaves them: all one patient.
        var root = _folder.Combine("one-patient");
        var random = new Random(20);
        for (var i = 0; i < 6; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            DicomFiles.Write(Path.Combine(root, label, $"image-{i}.dcm"), Size, Size, TrainingData.Scene(random, Size, Size, positive), "plain");
        }

        var result = await CliRunner.RunAsync("train", "--data", root, "--out", _folder.Combine("one-patient-model"), "--heads", "logreg", "--augment", "none", "--folds", "3");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.Error);
        Assert.That(result.Error, Does.Contain("3-fold cross-validation needs images of at least 3 patients; the 6 usable images belong to 1"));
        Assert.That(result.Error, Does.Not.Contain("ZZTOKEN"));
    }

    [Test]
    public async Task Train_on_an_archive_groups_by_patient_selects_warns_and_writes_no_patient_attribute()
    {
        var root = _folder.Combine("archive");
        var random = new Random(18);
        for (var i = 0; i < 14; i++)
        {
            var positive = i % 2 == 0;
            var label = positive ? "dislocated" : "located";
            var path = DicomFiles.Write(Path.Combine(root, label, $"image-{i}.dcm"), Size, Size, TrainingData.Scene(random, Size, Size, positive), "plain");
            DicomFiles.Tool("dcmodify", "-nb", "-m", $"(0010,0020)=ZZPATIENT{i / 2}", "-i", i == 13 ? "(0008,0060)=CT" : "(0008,0060)=CR", path);
            if (i == 12)
            {
                DicomFiles.AddFrames(path, 1, fill: 0);
            }
        }

        var output = _folder.Combine("archive-model");
        var result = await CliRunner.RunAsync("train", "--data", root, "--out", output, "--heads", "logreg", "--augment", "none", "--folds", "3",
            "--dicom-select", "Modality=CR,DX");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        Assert.That(result.Error, Does.Contain("DICOM selection Modality=CR,DX: 13 kept, 1 dropped"));
        Assert.That(result.Error.Split('\n').Count(l => l.Contains("multi-frame DICOM (2 frames)", StringComparison.Ordinal)), Is.EqualTo(1), result.Error);
        using (var training = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "training.json"))))
        {
            var root2 = training.RootElement;
            Assert.That(root2.GetProperty("trainCount").GetInt32(), Is.EqualTo(13));
            var same = root2.GetProperty("samePatient");
            Assert.That(same.GetProperty("imagesWithKnownPatient").GetInt32(), Is.EqualTo(13));
            Assert.That(same.GetProperty("heldOutWithPatientInTraining").GetInt32(), Is.Zero);
        }

        foreach (var file in Directory.GetFiles(output, "*", SearchOption.AllDirectories))
        {
            var text = Encoding.Latin1.GetString(File.ReadAllBytes(file));
            Assert.That(text, Does.Not.Contain("ZZPATIENT").And.Not.Contain("ZZTOKEN"), file);
        }

        Assert.That(result.Output + result.Error, Does.Not.Contain("ZZPATIENT").And.Not.Contain("ZZTOKEN"));

        var bad = await CliRunner.RunAsync("train", "--data", root, "--out", _folder.Combine("bad"), "--dicom-select", "PatientName=X");
        Assert.That(bad.ExitCode, Is.EqualTo(2));
        Assert.That(bad.Error, Does.Contain("unknown attribute").And.Not.Contain("(Parameter"));

        // Every file DICOM and no DCMTK: nothing to score, and one line that says why, whatever the number of files.
        var empty = Directory.CreateDirectory(_folder.Combine("no-tools")).FullName;
        var previous = Environment.GetEnvironmentVariable(DicomDecoder.FolderVariable);
        Environment.SetEnvironmentVariable(DicomDecoder.FolderVariable, empty);
        try
        {
            var evaluation = await CliRunner.RunAsync("evaluate", "--model", Path.Combine(output, "model.jdml"), "--data", root, "--out", _folder.Combine("no-tools-eval"));
            var lines = evaluation.Error.Split('\n').Where(l => l.Contains("DICOM needs DCMTK", StringComparison.Ordinal)).ToList();
            Assert.That(lines, Has.Count.EqualTo(1), evaluation.Error);
            Assert.That(lines[0], Does.Contain("None of the 14 test images could be used (14 skipped: DICOM needs DCMTK"));
            Assert.That(evaluation.ExitCode, Is.EqualTo(2), evaluation.Error);
        }
        finally
        {
            Environment.SetEnvironmentVariable(DicomDecoder.FolderVariable, previous);
        }
    }
}
