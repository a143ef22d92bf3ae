using System.Diagnostics;
using System.Text;
using JointDislocation.ML.Data;
using JointDislocation.ML.Statistics;
using JointDislocation.ML.Tests.Data;
using SkiaSharp;

namespace JointDislocation.ML.Tests.Reliability;

/// <summary>
/// Time-boxed, seeded mutation fuzzing of the decoder and the CSV readers: bit flips, byte overwrites, truncations,
/// duplicated and deleted runs, corrupted length fields. Anything but a clean refusal (a reason, or
/// <see cref="InvalidInputException"/>) fails, and so does a call that does not return in time. Set
/// <c>JDML_FUZZ_SECONDS</c> for a longer run.
/// </summary>
/// <remarks>
/// Every fuzz target has a fixed seed, and mutant <c>i</c> of a target is always built from
/// <c>new DeterministicRandom(SeedDerivation.Derive(fuzzSeed, i))</c>, so every process tries the same inputs in the
/// same order (a longer budget only tries more of them). A failure prints the target's seed, the mutant's index and
/// seed, and the mutant itself in base64, which is enough to replay it.
/// </remarks>
[NonParallelizable]
public class FuzzTests
{
    private static readonly TimeSpan PerCall = TimeSpan.FromSeconds(10);

    private static TimeSpan Budget => TimeSpan.FromSeconds(
        double.TryParse(Environment.GetEnvironmentVariable("JDML_FUZZ_SECONDS"), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : 4);

    public static IEnumerable<TestCaseData> ImageSeeds()
    {
        var pattern = TestImages.Pattern(40, 30, 2);
        var sixteen = new byte[40 * 30 * 2];
        for (var i = 0; i < pattern.Length; i++)
        {
            sixteen[i * 2] = pattern[i];
            sixteen[(i * 2) + 1] = (byte)i;
        }

        // Fixed fuzz seeds, one per target; never derived from GetHashCode, which differs in every process.
        yield return new TestCaseData("png", TestImages.GrayPng(40, 30, pattern), 101).SetName("Fuzz_png");
        yield return new TestCaseData("png16", TestImages.Png(40, 30, 16, 0, sixteen, interlaced: true), 102).SetName("Fuzz_png_16_bit_interlaced");
        yield return new TestCaseData("jpeg", TestImages.SkiaEncode(40, 30, pattern, SKEncodedImageFormat.Jpeg, 80), 103).SetName("Fuzz_jpeg");
        yield return new TestCaseData("cmyk", HostileCorpus.CmykJpeg(40, 30, pattern), 104).SetName("Fuzz_cmyk_jpeg");
        yield return new TestCaseData("gif", TestImages.Gif(40, 30, pattern), 105).SetName("Fuzz_gif");
    }

    [TestCaseSource(nameof(ImageSeeds))]
    public void Decoder_never_throws_or_hangs_on_mutated_images(string format, byte[] seed, int fuzzSeed)
    {
        var (runs, decoded) = Fuzz(seed, fuzzSeed, mutated =>
        {
            var ok = RadiographDecoder.TryDecode(mutated, null, out var image, out var reason);
            Assert.That(ok ? image is not null : !string.IsNullOrEmpty(reason), Is.True);
            return ok;
        });
        TestContext.Out.WriteLine($"{format}: {runs} mutants, {decoded} decoded, {runs - decoded} refused");
        Assert.That(runs, Is.GreaterThan(50));
    }

    [Test]
    public void Manifest_loader_never_throws_anything_but_invalid_input()
    {
        using var folder = new TemporaryDirectory("jdml-fuzz-csv");
        TestImages.Write(folder.Combine("a.png"), TestImages.GrayPng(8, 8, TestImages.Pattern(8, 8)));
        var seed = Encoding.UTF8.GetBytes(
            "\uFEFFpath,joint,label,style,displacement,roiX,roiY,roiWidth,roiHeight,artifacts,patient\r\n" +
            "a.png,hip,dislocated,internet,12.5,1,2,3,4,\"1:2:3:4;5:6:7:8\",P1\r\n\"a.png\",,located,,,,,,,,P2\n");
        var path = folder.Combine("m.csv");
        var (runs, loaded) = Fuzz(seed, 11, mutated =>
        {
            File.WriteAllBytes(path, mutated);
            try
            {
                RadiographDataset.Load(path);
                return true;
            }
            catch (InvalidInputException exception)
            {
                Assert.That(exception.Message, Does.Contain("m.csv"));
                return false;
            }
        });
        TestContext.Out.WriteLine($"manifest: {runs} mutants, {loaded} loaded");
    }

    [Test]
    public void Score_table_never_throws_anything_but_invalid_input()
    {
        using var folder = new TemporaryDirectory("jdml-fuzz-scores");
        var seed = Encoding.UTF8.GetBytes("label,score,other\n1,0.9,\"a, b\"\n0,1e-3,x\ndislocated,0.5,\"q\"\"q\"\nlocated,0.25,\r\n");
        var path = folder.Combine("s.csv");
        var (runs, read) = Fuzz(seed, 12, mutated =>
        {
            File.WriteAllBytes(path, mutated);
            try
            {
                var table = ScoreTable.Read(path, "label", ["score"]);
                RocStatistics.Evaluate(table.Labels, table.Scores("score"));
                return true;
            }
            catch (InvalidInputException exception)
            {
                Assert.That(exception.Message, Does.Contain("s.csv"));
                return false;
            }
        });
        TestContext.Out.WriteLine($"scores: {runs} mutants, {read} read");
    }

    /// <summary>Runs mutants of <paramref name="seed"/> through <paramref name="check"/> until the budget is spent.</summary>
    private static (int Runs, int Accepted) Fuzz(byte[] seed, int fuzzSeed, Func<byte[], bool> check)
    {
        var clock = Stopwatch.StartNew();
        var runs = 0;
        var accepted = 0;
        while (clock.Elapsed < Budget)
        {
            var mutantSeed = SeedDerivation.Derive(fuzzSeed, runs);
            var mutated = Mutate(seed, new DeterministicRandom(mutantSeed));
            var replay = $"fuzz seed {fuzzSeed}, mutant {runs} (mutant seed {mutantSeed}, {Convert.ToBase64String(mutated)})";
            var call = Task.Run(() => check(mutated));
            bool returned;
            try
            {
                returned = call.Wait(PerCall);
            }
            catch (AggregateException exception)
            {
                // A failed assertion inside the check is reported the same way, so it too names its seed.
                Assert.Fail($"{replay} failed: {exception.InnerException}");
                throw;
            }

            Assert.That(returned, Is.True, $"{replay} did not return within {PerCall.TotalSeconds} s");
            accepted += call.Result ? 1 : 0;
            runs++;
        }

        return (runs, accepted);
    }

    private static byte[] Mutate(byte[] seed, DeterministicRandom random)
    {
        var bytes = new List<byte>(seed);
        var steps = 1 + random.Next(4);
        for (var s = 0; s < steps && bytes.Count > 0; s++)
        {
            var at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 2:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 3:
                    var length = Math.Min(1 + random.Next(64), bytes.Count - at);
                    bytes.InsertRange(at, bytes.GetRange(at, length));
                    break;
                case 4:
                    bytes.RemoveRange(at, Math.Min(1 + random.Next(16), bytes.Count - at));
                    break;
                default:
                    // Big values where length fields and sizes live: near the start of chunks and segments.
                    var value = random.Next(3) switch { 0 => 0xFF, 1 => 0x00, _ => 0x7F };
                    for (var k = 0; k < 4 && at + k < bytes.Count; k++)
                    {
                        bytes[at + k] = (byte)value;
                    }

                    break;
            }
        }

        return [.. bytes];
    }
}
