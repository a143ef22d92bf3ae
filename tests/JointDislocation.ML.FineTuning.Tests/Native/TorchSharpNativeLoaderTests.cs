using System.Security.Cryptography;
using JointDislocation.ML.FineTuning.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Tests.Native;

public class TorchSharpNativeLoaderTests
{
    [Test]
    public void The_fix_is_applied_exactly_where_libstdcxx_lacks_the_version_and_leaves_the_package_untouched()
    {
        var wrapper = TorchSharpFiles.Wrapper;
        var before = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wrapper)));

        var report = TorchSharpNativeLoader.EnsureLoaded();

        var libStdCxx = TorchSharpNativeLoader.FindProcessLibStdCxx()!;
        Assert.That(report.Patched, Is.EqualTo(!TorchSharpNativeLoader.DefinesMissingVersion(libStdCxx)));
        if (!report.Patched)
        {
            Assert.That(report.FixedWrapper, Is.Null);
            return;
        }

        Assert.Multiple(() =>
        {
            Assert.That(report.OriginalWrapper, Is.EqualTo(wrapper));
            Assert.That(report.OriginalWrapperSha256, Is.EqualTo(before));
            Assert.That(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(wrapper))), Is.EqualTo(before), "the package's file is unchanged");
            Assert.That(report.FixedWrapper, Is.EqualTo(Path.Combine(TorchSharpNativeLoader.CacheRoot, before, TorchSharpNativeLoader.WrapperFileName)));
            Assert.That(File.Exists(report.FixedWrapper), Is.True);
            Assert.That(report.Patch!.Symbols, Is.EqualTo(new[] { "_ZSt21ios_base_library_initv" }));
            Assert.That(report.Preloaded.Select(Path.GetFileName), Is.EqualTo(new[] { "libgomp-98b21ff3.so.1", "libc10.so", "libtorch_cpu.so", "libtorch.so" }));
        });
    }

    [Test]
    public void A_small_conv_net_trains_forward_and_backward_with_SGD_and_no_natives_are_copied()
    {
        TorchSharpNativeLoader.EnsureLoaded();
        var torchSharpFolder = Path.GetDirectoryName(typeof(torch).Assembly.Location)!;

        random.manual_seed(20260);
        using var model = nn.Sequential(
            ("conv", nn.Conv2d(3, 8, 3, padding: 1)),
            ("relu", nn.ReLU()),
            ("pool", nn.AdaptiveAvgPool2d(1)),
            ("flatten", nn.Flatten()),
            ("fc", nn.Linear(8, 2)));
        using var labels = tensor(new long[] { 0, 1, 0, 1, 0, 1 });
        // Class 1 images are brighter, so the net has something to learn.
        using var noise = rand(6, 3, 224, 224);
        using var images = noise + (labels.to_type(ScalarType.Float32).view(-1, 1, 1, 1) * 0.5f);

        using var optimizer = optim.SGD(model.parameters(), 0.05, momentum: 0.9);
        var losses = new List<float>();
        for (var step = 0; step < 8; step++)
        {
            optimizer.zero_grad();
            using var loss = nn.functional.cross_entropy(model.forward(images), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.Multiple(() =>
        {
            Assert.That(losses, Has.All.Matches<float>(float.IsFinite));
            Assert.That(losses.Zip(losses.Skip(1), (a, b) => b < a), Has.All.True, $"every step lowers the loss: {string.Join(", ", losses)}");
            Assert.That(losses[^1], Is.LessThan(losses[0] * 0.95f), $"losses: {string.Join(", ", losses)}");
            Assert.That(Directory.Exists(Path.Combine(torchSharpFolder, "cpu")), Is.False, "TorchSharp's fallback copy of its natives did not run");
        });
    }
}
