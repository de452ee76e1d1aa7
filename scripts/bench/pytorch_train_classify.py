#!/usr/bin/env python3
"""The seed prototype's training code path in PyTorch, timed like `fracture bench train`.

Synthetic steps: torchvision resnet18 (7 classes), AdamW, cross-entropy, random tensors.
Epochs: the same image list read with PIL each epoch, letterboxed to a square, flipped, rotated/scaled/shifted,
brightness/contrast jittered, normalised, through a DataLoader with 2 workers (as the seed did).
Writes a JSON file with the same keys as Fracture's. Run with Debian's /usr/bin/python3 (python3-torch 1.13).
"""
import argparse, json, random, statistics, time

import torch
import torchvision
from PIL import Image
from torchvision import transforms


def letterbox(image, size):
    w, h = image.size
    r = min(size / w, size / h)
    nw, nh = max(1, round(w * r)), max(1, round(h * r))
    canvas = Image.new("RGB", (size, size), (114, 114, 114))
    canvas.paste(image.resize((nw, nh), Image.BILINEAR), ((size - nw) // 2, (size - nh) // 2))
    return canvas


class Images(torch.utils.data.Dataset):
    def __init__(self, paths, size):
        self.paths, self.size = paths, size
        self.augment = transforms.Compose([
            transforms.RandomHorizontalFlip(),
            transforms.RandomAffine(degrees=10, translate=(0.1, 0.1), scale=(0.9, 1.1), fill=114),
            transforms.ColorJitter(brightness=0.2, contrast=0.2),
            transforms.ToTensor(),
            transforms.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]),
        ])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        image = letterbox(Image.open(self.paths[i]).convert("RGB"), self.size)
        return self.augment(image), random.randrange(7)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--imgsz", type=int, default=224)
    p.add_argument("--batch", type=int, default=16)
    p.add_argument("--steps", type=int, default=20)
    p.add_argument("--warmup", type=int, default=3)
    p.add_argument("--images", help="text file, one image path per line")
    p.add_argument("--epochs", type=int, default=2)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--json", required=True)
    a = p.parse_args()
    torch.set_num_threads(2)
    torch.manual_seed(0)

    model = torchvision.models.resnet18(num_classes=7)
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    model.train()
    x = torch.randn(a.batch, 3, a.imgsz, a.imgsz)
    y = torch.randint(0, 7, (a.batch,))
    steps = []
    for i in range(a.warmup + a.steps):
        t = time.perf_counter()
        optimizer.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()
        loss.item()
        if i >= a.warmup:
            steps.append(time.perf_counter() - t)
    median = statistics.median(steps)
    print(f"pytorch synthetic steps: median {median:.3f} s")

    epochs = []
    if a.images:
        paths = [l.strip() for l in open(a.images) if l.strip()]
        loader = torch.utils.data.DataLoader(Images(paths, a.imgsz), batch_size=a.batch, shuffle=True, num_workers=a.workers)
        model = torchvision.models.resnet18(num_classes=7)
        optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3)
        model.train()
        for epoch in range(a.epochs):
            t = time.perf_counter()
            for images, labels in loader:
                optimizer.zero_grad()
                loss_fn(model(images), labels).backward()
                optimizer.step()
            epochs.append(time.perf_counter() - t)
            print(f"pytorch epoch {epoch + 1}: {epochs[-1]:.1f} s ({len(paths)} images)")

    json.dump({"medianStepSeconds": median, "stepImagesPerSecond": a.batch / median, "stepSeconds": steps,
               "epochSeconds": epochs, "torch": torch.__version__, "threads": torch.get_num_threads()},
              open(a.json, "w"), indent=2)


if __name__ == "__main__":
    main()
