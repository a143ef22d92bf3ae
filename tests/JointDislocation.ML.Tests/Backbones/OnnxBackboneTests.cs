using JointDislocation.ML.Backbones;
using JointDislocation.ML.Data;
using JointDislocation.ML.Imaging;
using Microsoft.ML.Transforms.Image;

namespace JointDislocation.ML.Tests.Backbones;

public sealed class OnnxBackboneTests
{
    [Test]
    public void ResNet18_HasDocumentedShapes()
    {
        var backbone = Backbone.ResNet18();

        var outputs = backbone.Featurize([BackboneTestImages.Create(300, 260, 1)]);

        Assert.Multiple(() =>
        {
            Assert.That(backbone.FeatureDimension, Is.EqualTo(512));
            Assert.That(backbone.MapShape, Is.EqualTo(new FeatureMapShape(512, 7, 7)));
            Assert.That(backbone.InputWidth, Is.EqualTo(224));
            Assert.That(backbone.Sha256, Has.Length.EqualTo(64));
            Assert.That(outputs, Has.Length.EqualTo(1));
            Assert.That(outputs[0].Pooled.Length, Is.EqualTo(512));
            Assert.That(outputs[0].Map.Length, Is.EqualTo(512 * 49));
        });
    }

    [Test]
    public void ResNet18_MapMeanEqualsPooledFeatures()
    {
        var output = Backbone.ResNet18().Featurize([BackboneTestImages.Create(180, 400, 2)])[0];

        var maxDiff = 0.0;
        for (var c = 0; c < 512; c++)
        {
            var mean = output.MapChannel(c).ToArray().Average();
            maxDiff = Math.Max(maxDiff, Math.Abs(mean - output.Pooled[c]));
        }

        Assert.That(maxDiff, Is.LessThan(1e-4));
    }

    [Test]
    public void ResNet18_at_448_keeps_its_weights_and_gives_a_14_by_14_map_whose_mean_is_the_pooled_features()
    {
        var image = BackboneTestImages.Create(600, 520, 3);
        var backbone = Backbone.ResNet18(inputSize: 448);
        var output = backbone.Featurize([image])[0];
        var standard = Backbone.ResNet18().Featurize([image])[0];

        var maxDiff = 0.0;
        for (var c = 0; c < 512; c++)
        {
            maxDiff = Math.Max(maxDiff, Math.Abs(output.MapChannel(c).ToArray().Average() - output.Pooled[c]));
        }

        var correlation = Correlation(output.PooledToArray(), standard.PooledToArray());
        TestContext.Out.WriteLine($"448 vs 224 pooled features of one image: correlation {correlation:0.000}");
        Assert.Multiple(() =>
        {
            Assert.That((backbone.InputWidth, backbone.InputHeight), Is.EqualTo((448, 448)));
            Assert.That(backbone.Options.BatchSize, Is.EqualTo(4), "as many pixels per call as 16 images at 224");
            Assert.That(backbone.FeatureDimension, Is.EqualTo(512));
            Assert.That(backbone.MapShape, Is.EqualTo(new FeatureMapShape(512, 14, 14)));
            Assert.That(output.Map.Length, Is.EqualTo(512 * 196));
            Assert.That(maxDiff, Is.LessThan(1e-4), "the 7×7 pool became a global one");
            Assert.That(backbone.Sha256, Is.EqualTo(Backbone.ResNet18().Sha256), "the same file");
            Assert.That(backbone.Fingerprint, Is.Not.EqualTo(Backbone.ResNet18().Fingerprint), "other features: another cache key");
            Assert.That(correlation, Is.GreaterThan(0.5).And.LessThan(0.9999), "the same network seeing more pixels: related, not equal features");
        });
    }

    [TestCase(336)]
    [TestCase(32)]
    [TestCase(1056)]
    public void ResNet18_refuses_an_input_size_that_is_not_a_multiple_of_32_from_64_to_1024(int size)
    {
        Assert.That(() => Backbone.ResNet18Options(size), Throws.TypeOf<ArgumentOutOfRangeException>().With.Message.Contains("multiple of 32"));
    }

    [Test]
    public void A_size_the_network_cannot_run_at_is_an_invalid_input_naming_the_file_and_both_sizes()
    {
        // 336 = 10.5 × 32: the exported graph's stride-2 stages pad asymmetrically, and the residual sums disagree.
        var options = Backbone.ResNet18Options();
        var resized = options with
        {
            InputWidth = 336,
            InputHeight = 336,
            Preprocessing = options.Preprocessing.WithMeanImageResampled(224, 224, 336, 336),
        };

        Assert.That(() => Backbone.FromOnnx(resized), Throws.TypeOf<InvalidInputException>()
            .With.Message.Contains("ResNet18.onnx").And.Message.Contains("made for 224×224 input, cannot run at 336×336"));
    }

    [Test]
    public void Mean_image_resampling_keeps_constants_and_interpolates_between_pixel_centres()
    {
        // One row of two pixels per plane, 0 and 8, becomes four: centres at 0.25, 0.75, 1.25, 1.75 source pixels.
        var preprocessing = new BackbonePreprocessing { MeanImage = [0f, 8f, 5f, 5f, 1f, 1f] };

        var resampled = preprocessing.WithMeanImageResampled(2, 1, 4, 1).MeanImage!;

        Assert.That(resampled, Is.EqualTo(new[] { 0f, 2f, 6f, 8f, 5f, 5f, 5f, 5f, 1f, 1f, 1f, 1f }));
        Assert.That(BackbonePreprocessing.ImageNet.WithMeanImageResampled(224, 224, 448, 448), Is.SameAs(BackbonePreprocessing.ImageNet), "no mean image: unchanged");
        Assert.That(() => preprocessing.WithMeanImageResampled(3, 1, 4, 1), Throws.ArgumentException);
    }

    private static double Correlation(float[] a, float[] b)
    {
        double ma = a.Average(), mb = b.Average(), sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }

        return sab / Math.Sqrt(saa * sbb);
    }

    [Test]
    public void ResNet18_MatchesStockMlNetDnnFeaturizeImage()
    {
        using var folder = new TemporaryDirectory("jdml-backbone");
        var images = BackboneTestImages.VariedSizes.Select((s, i) => BackboneTestImages.Create(s.Width, s.Height, 10 + i)).ToList();
        var paths = images.Select((image, i) =>
        {
            var path = folder.Combine($"image{i}.png");
            BackboneTestImages.SaveAsRgbPng(image, path);
            return path;
        }).ToList();

        var expected = MlNetReference.Featurize(paths);
        var actual = Backbone.ResNet18().Featurize(paths.Select(BackboneTestImages.DecodeGray).ToList());

        var maxDiff = 0.0;
        for (var i = 0; i < images.Count; i++)
        {
            Assert.That(expected[i], Has.Length.EqualTo(512));
            for (var j = 0; j < 512; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(expected[i][j] - actual[i].Pooled[j]));
            }
        }

        TestContext.Out.WriteLine($"max |fast - ML.NET| = {maxDiff:E3}");
        Assert.That(maxDiff, Is.LessThanOrEqualTo(1e-4));
    }

    [TestCase(ResizePolicy.IsoCrop, ImageResizingEstimator.ResizingKind.IsoCrop)]
    [TestCase(ResizePolicy.Letterbox, ImageResizingEstimator.ResizingKind.IsoPad)]
    public void Resize_GivesMlNetPixels(ResizePolicy policy, ImageResizingEstimator.ResizingKind kind)
    {
        using var folder = new TemporaryDirectory("jdml-backbone");
        var images = BackboneTestImages.VariedSizes.Select((s, i) => BackboneTestImages.Create(s.Width, s.Height, 20 + i)).ToList();
        var paths = images.Select((image, i) =>
        {
            var path = folder.Combine($"image{i}.png");
            BackboneTestImages.SaveAsRgbPng(image, path);
            return path;
        }).ToList();

        var expected = MlNetReference.ExtractPixels(paths, kind);

        for (var i = 0; i < images.Count; i++)
        {
            var resized = new byte[224 * 224];
            BackboneImageResizer.Resize(images[i], 224, 224, policy, resized);
            var mismatches = Enumerable.Range(0, 3 * 224 * 224).Count(k => expected[i][k] != resized[k % (224 * 224)]);
            Assert.That(mismatches, Is.Zero, $"image {i} ({images[i].Width}×{images[i].Height})");
        }
    }

    [TestCase(ResizePolicy.IsoCrop, false, 0)]
    [TestCase(ResizePolicy.Stretch, true, 0)]
    [TestCase(ResizePolicy.Letterbox, true, 75)]
    public void ResizePolicy_KeepsOrCutsTheEdgesOfAWideImage(ResizePolicy policy, bool edgeKept, int blackRowsAtTop)
    {
        // 600×200, mid-gray, with a white band over the leftmost 40 columns.
        var wide = new GrayImage(600, 200);
        for (var y = 0; y < 200; y++)
        {
            for (var x = 0; x < 600; x++)
            {
                wide.MutablePixels[(y * 600) + x] = x < 40 ? (byte)255 : (byte)128;
            }
        }

        var resized = new byte[224 * 224];
        BackboneImageResizer.Resize(wide, 224, 224, policy, resized);

        var leftEdge = resized[(112 * 224) + 2];
        var topBlackRows = Enumerable.Range(0, 224).TakeWhile(y => resized.AsSpan(y * 224, 224).IndexOfAnyExcept((byte)0) < 0).Count();
        Assert.Multiple(() =>
        {
            Assert.That(leftEdge > 200, Is.EqualTo(edgeKept), "white band at the left edge");
            Assert.That(topBlackRows, Is.EqualTo(blackRowsAtTop).Within(1), "letterbox padding");
        });
    }

    [Test]
    public void Featurize_BatchOfNEqualsNSingles()
    {
        var backbone = Backbone.FromOnnx(Backbone.ResNet18Options() with { BatchSize = 4 });
        var images = Enumerable.Range(0, 5).Select(i => BackboneTestImages.Create(200 + (30 * i), 260 - (10 * i), 40 + i)).ToList();

        var batched = backbone.Featurize(images);
        var singles = images.Select(image => backbone.Featurize([image])[0]).ToList();

        var maxDiff = 0.0;
        for (var i = 0; i < images.Count; i++)
        {
            for (var j = 0; j < 512; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(batched[i].Pooled[j] - singles[i].Pooled[j]));
            }

            for (var j = 0; j < batched[i].Map.Length; j++)
            {
                maxDiff = Math.Max(maxDiff, Math.Abs(batched[i].Map[j] - singles[i].Map[j]));
            }
        }

        Assert.That(maxDiff, Is.LessThan(1e-5));
    }

    [Test]
    public async Task FeaturizeAsync_ReportsProgressPerBatchAndCancels()
    {
        var backbone = Backbone.FromOnnx(Backbone.ResNet18Options() with { BatchSize = 2 });
        var images = Enumerable.Range(0, 3).Select(i => BackboneTestImages.Create(120, 150, 60 + i)).ToList();
        var reports = new List<FeaturizationProgress>();

        var outputs = await backbone.FeaturizeAsync(images, new SynchronousProgress<FeaturizationProgress>(reports.Add));
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        Assert.Multiple(() =>
        {
            Assert.That(outputs, Has.Length.EqualTo(3));
            Assert.That(reports, Is.EqualTo(new[] { new FeaturizationProgress(2, 3), new FeaturizationProgress(3, 3) }));
            Assert.That(async () => await backbone.FeaturizeAsync(images, cancellationToken: cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        });
    }

    [Test]
    public void ResizePolicies_GiveDifferentFeaturesOnWideImages()
    {
        var wide = BackboneTestImages.Create(600, 200, 70);
        var crop = Backbone.ResNet18(ResizePolicy.IsoCrop).Featurize([wide])[0].PooledToArray();
        var stretch = Backbone.ResNet18(ResizePolicy.Stretch).Featurize([wide])[0].PooledToArray();
        var letterbox = Backbone.ResNet18(ResizePolicy.Letterbox).Featurize([wide])[0].PooledToArray();

        Assert.Multiple(() =>
        {
            Assert.That(stretch, Is.Not.EqualTo(crop));
            Assert.That(letterbox, Is.Not.EqualTo(crop));
            Assert.That(letterbox, Is.Not.EqualTo(stretch));
        });
    }

    [Test]
    public void Fingerprint_ChangesWithResizePolicyButNotWithThreadsOrBatch()
    {
        var a = Backbone.ResNet18(ResizePolicy.IsoCrop);
        var b = Backbone.FromOnnx(Backbone.ResNet18Options() with { BatchSize = 3, IntraOpThreads = 1 });
        var c = Backbone.ResNet18(ResizePolicy.Letterbox);

        Assert.Multiple(() =>
        {
            Assert.That(b.Fingerprint, Is.EqualTo(a.Fingerprint));
            Assert.That(c.Fingerprint, Is.Not.EqualTo(a.Fingerprint));
            Assert.That(c.Sha256, Is.EqualTo(a.Sha256));
        });
    }

    [Test]
    public void ResNet18Options_ReadsCaffePreprocessingFromThePackage()
    {
        var options = Backbone.ResNet18Options();

        Assert.Multiple(() =>
        {
            Assert.That(options.Preprocessing.ChannelOrder, Is.EqualTo(ChannelOrder.Bgr));
            Assert.That(options.Preprocessing.PixelScale, Is.EqualTo(1f));
            Assert.That(options.Preprocessing.MeanImage, Has.Count.EqualTo(3 * 224 * 224));
            Assert.That(options.Preprocessing.MeanImage!.Take(224 * 224).Average(), Is.EqualTo(103.06).Within(0.01), "blue plane first");
        });
    }

    [Test]
    public void CudaRequest_FallsBackToCpuWithAWarning()
    {
        var logger = new ListLogger();
        var image = BackboneTestImages.Create(256, 256, 80);

        var backbone = Backbone.ResNet18(executionProvider: BackboneExecutionProvider.Cuda, logger: logger);
        var onCuda = backbone.Featurize([image])[0].PooledToArray();
        var onCpu = Backbone.ResNet18().Featurize([image])[0].PooledToArray();
        TestContext.Out.WriteLine(backbone.FallbackReason);

        Assert.Multiple(() =>
        {
            Assert.That(backbone.ActiveExecutionProvider, Is.EqualTo(BackboneExecutionProvider.Cpu));
            Assert.That(backbone.FallbackReason, Does.Contain("CUDA").And.Contain("CPU"));
            Assert.That(logger.Entries, Has.Some.Matches<(Microsoft.Extensions.Logging.LogLevel Level, string Message)>(
                e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning && e.Message.Contains("CUDA", StringComparison.Ordinal)));
            Assert.That(onCuda, Is.EqualTo(onCpu).Within(1e-5));
        });
    }

    [Test]
    public void MissingModel_IsAClearError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-folder-jdml", "model.onnx");
        var options = Backbone.ResNet18Options() with { ModelPath = missing };

        Assert.Multiple(() =>
        {
            Assert.That(() => Backbone.FromOnnx(options), Throws.InstanceOf<FileNotFoundException>().With.Message.Contains(missing));
            Assert.That(() => Backbone.ResNet18Options("/no/such/app"),
                Throws.InstanceOf<FileNotFoundException>().With.Message.Contains("Microsoft.ML.DnnImageFeaturizer.ResNet18").And.Message.Contains("/no/such/app"));
        });
    }

    [Test]
    public void ResNet18_is_found_in_the_package_layout_when_it_is_not_next_to_the_application()
    {
        // A package laid out as NuGet lays it out (lib/netstandard2.0/X.dll beside tools/DnnImageModels), and an
        // application folder without the files: the search falls through to the package.
        using var folder = new TemporaryDirectory("jdml-resnet-search");
        var application = Directory.CreateDirectory(folder.Combine("app")).FullName;
        var package = folder.Combine("pkg", "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1");
        var lib = Directory.CreateDirectory(Path.Combine(package, "lib", "netstandard2.0")).FullName;
        var tools = Path.Combine(package, "tools");
        var real = Backbone.FindResNet18Folder(Backbone.ResNet18SearchFolders())!;
        foreach (var relative in new[] { Backbone.ResNet18ModelRelativePath, Backbone.ResNet18PreprocessRelativePath })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tools, relative))!);
            File.CreateSymbolicLink(Path.Combine(tools, relative), Path.Combine(real, relative));
        }

        // Loaded in place (a notebook's #r nuget): ../../tools of the assembly's folder.
        var inPlace = Backbone.ResNet18SearchFolders(application, Path.Combine(lib, "Microsoft.ML.DnnImageFeaturizer.ResNet18.dll"), "0.23.1+a4f730e", null);
        Assert.That(inPlace[0], Is.EqualTo(Path.GetFullPath(application)), "next to the application comes first");
        Assert.That(Backbone.FindResNet18Folder(inPlace), Is.EqualTo(Path.GetFullPath(tools)));

        // Copied next to an application that got the package indirectly (a file-based app): the global packages folder.
        var copied = Backbone.ResNet18SearchFolders(application, Path.Combine(application, "Microsoft.ML.DnnImageFeaturizer.ResNet18.dll"), "0.23.1+a4f730e", folder.Combine("pkg"));
        Assert.That(Backbone.FindResNet18Folder(copied), Is.EqualTo(Path.GetFullPath(tools)));
        Assert.That(Backbone.FindResNet18Folder(copied.Take(copied.Count - 1)), Is.Null, "only the packages folder has them");

        // And the real search, from this test's own application folder, finds a working model.
        Assert.That(Backbone.ResNet18Options().ModelPath, Does.EndWith("ResNet18.onnx"));
    }

    [Test]
    public void NotAnOnnxFile_IsInvalidInputNamingTheFile()
    {
        using var folder = new TemporaryDirectory("jdml-backbone");
        var path = folder.Combine("broken.onnx");
        File.WriteAllText(path, "this is not a protobuf model at all, just text");

        Assert.That(() => Backbone.FromOnnx(Backbone.ResNet18Options() with { ModelPath = path }),
            Throws.InstanceOf<InvalidInputException>().With.Message.Contains(path));
    }

    [Test]
    public void UnknownTensorName_IsInvalidInputNamingIt()
    {
        Assert.That(() => Backbone.FromOnnx(Backbone.ResNet18Options() with { MapOutputName = "NoSuchTensor" }),
            Throws.InstanceOf<InvalidInputException>().With.Message.Contains("NoSuchTensor"));
    }

    [Test]
    public void InvalidOptions_AreReportedTogether()
    {
        var options = new OnnxBackboneOptions { ModelPath = "x.onnx", BatchSize = 0, IntraOpThreads = 0 };

        Assert.That(() => Backbone.FromOnnx(options), Throws.ArgumentException
            .With.Message.Contains("InputName").And.Message.Contains("PooledOutputName").And.Message.Contains("MapOutputName")
            .And.Message.Contains("BatchSize").And.Message.Contains("IntraOpThreads"));
    }

    [Test]
    public void OptionDefaults_AreAsDocumented()
    {
        var options = new OnnxBackboneOptions();

        Assert.Multiple(() =>
        {
            Assert.That(options.ResizePolicy, Is.EqualTo(ResizePolicy.IsoCrop));
            Assert.That(options.BatchSize, Is.EqualTo(16));
            Assert.That(options.IntraOpThreads, Is.Null);
            Assert.That(options.ExecutionProvider, Is.EqualTo(BackboneExecutionProvider.Cpu));
            Assert.That(options.Preprocessing, Is.SameAs(BackbonePreprocessing.None));
        });
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
