using JointDislocation.ML.Backbones;
using JointDislocation.ML.FineTuning.Networks;
using static TorchSharp.torch;

namespace JointDislocation.ML.FineTuning.Tests.Networks;

public class OnnxConvNetSplitTests
{
    [Test]
    public void ResNet18_split_at_its_last_block_gives_the_whole_networks_outputs()
    {
        var backbone = Backbone.ResNet18();
        using var network = OnnxConvNet.FromBackbone(backbone.Options);
        network.eval();
        using var input = InputTensors.FromImages(backbone, OnnxConvNetTests.Phantoms()[..2]);
        var cut = network.LastBlockInput();

        using var noGrad = no_grad();
        var (wholePooled, wholeMap) = network.ForwardBoth(input);
        using var middle = network.ForwardTo(input, cut);
        var (pooled, map) = network.ForwardFrom(cut, middle);
        using (wholePooled)
        using (wholeMap)
        using (pooled)
        using (map)
        {
            var tail = network.ParametersAfter(cut);
            TestContext.Out.WriteLine($"last block input: {cut}, {string.Join('×', middle.shape)}; {tail.Count} trainable tensors, {tail.Sum(p => p.numel())} values");
            Assert.Multiple(() =>
            {
                Assert.That(middle.shape, Is.EqualTo(new long[] { 2, 512, 7, 7 }));
                Assert.That((pooled - wholePooled).abs().max().item<float>(), Is.LessThan(1e-5f));
                Assert.That((map - wholeMap).abs().max().item<float>(), Is.LessThan(1e-5f));

                // Two 3×3 convolutions (512 → 512, no bias) and two batch normalisations (scale and shift each).
                Assert.That(tail, Has.Count.EqualTo(6));
                Assert.That(tail.Sum(p => p.numel()), Is.EqualTo((2 * 512 * 512 * 9) + (4 * 512)));
            });
        }
    }

    [Test]
    public void The_tail_refuses_a_tensor_that_later_steps_do_not_only_flow_through()
    {
        using var network = OnnxConvNet.FromBackbone(Backbone.ResNet18Options());
        var cut = network.LastBlockInput();
        var outputs = network.Outputs;
        var insideBlock = outputs[outputs.ToList().IndexOf(cut) + 1];
        using var value = zeros(1, 512, 7, 7);

        // Inside the block the shortcut still needs the block's input, so the tail cannot start there.
        var inside = Assert.Throws<ArgumentException>(() => network.ForwardFrom(insideBlock, value));
        var unknown = Assert.Throws<ArgumentException>(() => network.ForwardTo(value, "no such tensor"));

        Assert.Multiple(() =>
        {
            Assert.That(network.Operators[outputs.ToList().IndexOf(insideBlock)], Is.EqualTo("Conv"));
            Assert.That(inside!.Message, Does.StartWith($"Steps after '{insideBlock}' need other tensors computed before it."));
            Assert.That(unknown!.Message, Does.StartWith("No built step computes 'no such tensor'"));
        });
    }
}
