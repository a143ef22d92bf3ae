using System.Text;
using JointDislocation.ML.FineTuning.Native;

namespace JointDislocation.ML.FineTuning.Tests.Native;

public class ElfVersionPatcherTests
{
    private static string Wrapper => TorchSharpFiles.Wrapper;

    [Test]
    public void A_file_that_is_not_ELF_is_refused_with_the_reason()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('x', 200));

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.WeakenVersionNeed(bytes, "notes.txt", TorchSharpNativeLoader.MissingVersion));

        Assert.That(error!.Message, Is.EqualTo("notes.txt: not an ELF file (it does not start with the bytes 7F 45 4C 46)."));
    }

    [Test]
    public void A_cut_ELF_file_is_refused_with_the_reason()
    {
        var bytes = File.ReadAllBytes(Wrapper).AsSpan(0, 4096).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.DefinedVersions(bytes, "cut.so"));

        Assert.That(error!.Message, Does.StartWith("cut.so: the ELF section header table").And.Contain("does not lie inside the file's 4096 bytes"));
    }

    [Test]
    public void A_32_bit_ELF_file_is_refused_with_the_reason()
    {
        var bytes = File.ReadAllBytes(Wrapper);
        bytes[4] = 1;

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.WeakenVersionNeed(bytes, "x86.so", TorchSharpNativeLoader.MissingVersion));

        Assert.That(error!.Message, Is.EqualTo("x86.so: ELF class 1 is not supported; only 64-bit ELF (class 2) is."));
    }

    [Test]
    public void The_wrapper_needs_GLIBCXX_3_4_32_only_for_ios_base_library_init_and_the_patch_makes_it_weak()
    {
        var bytes = File.ReadAllBytes(Wrapper);
        var original = (byte[])bytes.Clone();

        var report = ElfVersionPatcher.WeakenVersionNeed(bytes, Wrapper, TorchSharpNativeLoader.MissingVersion);
        var again = ElfVersionPatcher.WeakenVersionNeed(bytes, Wrapper, TorchSharpNativeLoader.MissingVersion);

        Assert.Multiple(() =>
        {
            Assert.That(report.Library, Is.EqualTo("libstdc++.so.6"));
            Assert.That(report.WasAlreadyWeak, Is.False);
            Assert.That(report.Symbols, Is.EqualTo(new[] { "_ZSt21ios_base_library_initv" }));
            Assert.That(again.WasAlreadyWeak, Is.True, "the Vernaux entry carries VER_FLG_WEAK after the patch");
            Assert.That(again.Symbols, Is.Empty, "no symbol is bound to the version after the patch");
            Assert.That(bytes.Length, Is.EqualTo(original.Length));
            Assert.That(Enumerable.Range(0, bytes.Length).Count(i => bytes[i] != original[i]), Is.InRange(1, 4),
                "the patch changes the flag's byte and the symbol's two version bytes, nothing else");
        });
    }

    [Test]
    public void A_version_the_file_does_not_need_is_refused_and_nothing_changes()
    {
        var bytes = File.ReadAllBytes(Wrapper);
        var original = (byte[])bytes.Clone();

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.WeakenVersionNeed(bytes, "w.so", "GLIBCXX_9.9"));

        Assert.That(error!.Message, Is.EqualTo("w.so: the file does not need version GLIBCXX_9.9 (it is not in .gnu.version_r)."));
        Assert.That(bytes, Is.EqualTo(original));
    }

    [Test]
    public void A_version_used_by_a_relocation_is_refused()
    {
        // GLIBC_2.2.5 binds functions the wrapper really calls (through PLT relocations), so it must stay required.
        var bytes = File.ReadAllBytes(Wrapper);

        var error = Assert.Throws<InvalidDataException>(() => ElfVersionPatcher.WeakenVersionNeed(bytes, "w.so", "GLIBC_2.2.5"));

        Assert.That(error!.Message, Does.StartWith("w.so: relocations use ").And.EndWith("making the version optional would leave it unresolved."));
    }

    [Test]
    public void The_versions_read_from_libstdcxx_agree_with_its_bytes()
    {
        var libStdCxx = TorchSharpNativeLoader.FindProcessLibStdCxx();
        Assert.That(libStdCxx, Is.Not.Null, "the .NET runtime links libstdc++ on Linux");
        var bytes = File.ReadAllBytes(libStdCxx!);
        var text = Encoding.ASCII.GetString(bytes);

        var versions = ElfVersionPatcher.DefinedVersions(bytes, libStdCxx!);

        Assert.Multiple(() =>
        {
            Assert.That(versions, Does.Contain("GLIBCXX_3.4").And.Contain("CXXABI_1.3"));
            Assert.That(versions, Has.All.Matches<string>(v => text.Contains(v + "\0", StringComparison.Ordinal)));
            Assert.That(versions.Contains(TorchSharpNativeLoader.MissingVersion), Is.EqualTo(text.Contains(TorchSharpNativeLoader.MissingVersion + "\0", StringComparison.Ordinal)));
        });
    }
}
