#!/usr/bin/python3
"""PyTorch peer of dpmd-ts's Deep Potential inference (benchmark helper; never needed by `npm test`).

The se_e2_a energy model evaluated the way DeePMD-kit's PyTorch backend (deepmd/pt) does it: tensor
ops for the environment matrix, the embedding nets and the contraction, per-type fitting nets run on
every atom and masked, the energy summed, forces and virial by autograd with respect to the extended
(ghost-including) coordinates, ghost forces added back to their owners through the mapping. Written
from DeePMD-kit's pt sources (make_model.format_nlist, utils/nlist.nlist_distinguish_types,
descriptor/env_mat.prod_env_mat, descriptor/se_a.DescrptBlockSeA.forward, utils/network.MLPLayer,
task/fitting.GeneralFitting._forward_common, model/transform_output), not imported from them.

Inputs (written by scripts/torch_deepmd_peer.ts):
  --model M.json   DeePMD-kit's serialized model dict as JSON (arrays as {"@class": "np.ndarray", value}),
                   i.e. what `dpmd convert -o M.json` writes.
  --frame DIR      the extended system of one frame, as LAMMPS hands it to DeePMD-kit's C++ interface:
                   frame.json {nloc, nall, maxnn}, coord.f64 (nall x 3, Å, locals first), atype.i32 (nall),
                   mapping.i32 (nall: owner of each extended atom), nlist.i32 (nloc x maxnn, -1 padded: the
                   project's full neighbor list within rcut; like forward_lower, the model formats it).
Output: one JSON object on stdout (energy eV, force nloc x 3 eV/Å, virial 9 eV, wall and CPU time per
evaluation, peak RSS, the BLAS and malloc libraries in use).

Differences from deepmd/pt, all without effect on the numbers:
  - nlist_distinguish_types reads the neighbor types with one gather from the extended types instead of
    first tiling them to an nloc x nall int64 tensor (2.3 GB at 12,288 water atoms);
  - models with exclusions, fparam/aparam or other descriptors are refused (the all-ones exclusion mask
    is multiplied in, as DeePMD-kit does);
  - the virial is summed over the extended atoms directly (DeePMD-kit forms the per-atom virial, folds
    it onto the owners and sums: nall x 9 numbers, no measurable time);
  - one frame (nf = 1), no TorchScript (the ops are large tensor ops; Python dispatch is microseconds;
    TorchScript in torch 1.13 does not fuse CPU ops).
Everything else is DeePMD-kit's: MLPLayer's matmul then bias, the activation's clone, the in-place resnet
add, every type's fitting net on every atom (masked), autograd with retain_graph=True.
`--variant lean` is an optimised variant, NOT DeePMD-kit's ops: the bias fused into the GEMM (addmm), no
clone, each fitting net only on its own atoms, the graph freed during backward.

Run it with TCMalloc preloaded (LD_PRELOAD=libtcmalloc_minimal.so.4, what scripts/torch_deepmd_peer.ts
does, and what PyTorch's CPU launcher torch.backends.xeon.run_cpu does by default): on glibc's malloc each
tensor above 32 MB is a fresh mmap, and the first-touch page faults of the step's large temporaries cost
8x the arithmetic here. The output names the malloc and BLAS libraries really mapped.

  /usr/bin/python3 scripts/torch_deepmd.py --model m.json --frame dir [--threads 1] [--precision float64]
      [--repeats 3] [--warmup 1] [--variant deepmd|lean] [--roofline] [--profile]
  --serve: after loading, evaluate once per stdin line {"threads": N, "precision": "float64"|"float32"} and
      answer one line {"ms": wall time, "cpuMs": process CPU time, "energy": eV} (the benchmark's
      interleaved A/B with dpmd-ts).
  --profile: a torch.profiler table (ops by self CPU time) of one more evaluation on stderr.
"""

import argparse
import json
import os
import resource
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F


class ModelError(Exception):
    pass


def ndarray(x, where):
    """A DeePMD-kit ndarray leaf {"@class": "np.ndarray", "value": nested lists} as float64 numpy."""
    if not (isinstance(x, dict) and x.get("@class") == "np.ndarray"):
        raise ModelError(f"{where}: expected an np.ndarray entry")
    return np.asarray(x["value"], dtype=np.float64)


ACTIVATIONS = {
    "tanh": torch.tanh,
    "none": lambda x: x,
    "linear": lambda x: x,
    "relu": torch.relu,
    "relu6": lambda x: torch.clamp(x, 0.0, 6.0),
    "softplus": F.softplus,
    "sigmoid": torch.sigmoid,
    "gelu": lambda x: F.gelu(x, approximate="tanh"),
    "gelu_tf": lambda x: F.gelu(x, approximate="tanh"),
}


class Layer:
    """deepmd/pt MLPLayer: y = act(x W + b) [* idt] [+ x, or + [x, x] when the width doubles].

    variant "deepmd" runs DeePMD-kit's ops as they are: matmul, then the bias added (a second pass
    over the output), the activation's output cloned, idt multiplied, the resnet input added in
    place. variant "lean" (not DeePMD-kit's) fuses the bias into the GEMM (addmm) and skips the clone,
    adding the resnet input out of place instead.
    """

    def __init__(self, d, where, dtype, variant="deepmd"):
        v = d["@variables"]
        self.w = torch.tensor(ndarray(v["w"], f"{where}.w"), dtype=dtype)  # nin x nout
        self.b = torch.tensor(ndarray(v["b"], f"{where}.b"), dtype=dtype) if v.get("b") is not None else None
        self.idt = torch.tensor(ndarray(v["idt"], f"{where}.idt"), dtype=dtype) if v.get("idt") is not None else None
        act = d.get("activation_function", "tanh")
        if act not in ACTIVATIONS:
            raise ModelError(f"{where}: activation {act!r} is not supported by the PyTorch peer")
        self.act = ACTIVATIONS[act]
        self.resnet = bool(d.get("resnet", False))
        self.lean = variant == "lean"

    def __call__(self, xx):
        if self.lean:
            yy = self.act(F.linear(xx, self.w.t(), self.b))
        else:
            yy = torch.matmul(xx, self.w) + self.b if self.b is not None else torch.matmul(xx, self.w)
            yy = self.act(yy).clone()
        if self.idt is not None:
            yy = yy * self.idt
        if self.resnet:  # in place on the clone (deepmd); a new tensor (lean: tanh's output is saved for backward)
            if xx.shape[-1] == yy.shape[-1]:
                yy = yy + xx if self.lean else yy.add_(xx)
            elif 2 * xx.shape[-1] == yy.shape[-1]:
                xx2 = torch.cat([xx, xx], dim=-1)
                yy = yy + xx2 if self.lean else yy.add_(xx2)
        return yy


class Net:
    def __init__(self, d, where, dtype, variant="deepmd"):
        if not d or "layers" not in d:
            raise ModelError(f"{where}: missing network")
        self.layers = [Layer(l, f"{where}.layers[{k}]", dtype, variant) for k, l in enumerate(d["layers"])]

    def __call__(self, x):
        for l in self.layers:
            x = l(x)
        return x


class SeAEnergyModel:
    """se_e2_a + ener fitting of a DeePMD-kit serialized dict, in precision `dtype`."""

    def __init__(self, raw, dtype, variant="deepmd"):
        m = raw.get("model", raw)
        if m.get("type", "standard") != "standard":
            raise ModelError(f"model type {m.get('type')!r}: only 'standard' energy models")
        ds, ft = m["descriptor"], m["fitting"]
        if ds.get("type") not in ("se_e2_a", "se_a"):
            raise ModelError(f"descriptor {ds.get('type')!r}: the PyTorch peer implements se_e2_a only")
        if ft.get("type", "ener") != "ener":
            raise ModelError(f"fitting {ft.get('type')!r}: only 'ener'")
        for key, val in (
            ("descriptor.exclude_types", ds.get("exclude_types")),
            ("fitting.exclude_types", ft.get("exclude_types")),
            ("atom_exclude_types", m.get("atom_exclude_types")),
            ("pair_exclude_types", m.get("pair_exclude_types")),
        ):
            if val:
                raise ModelError(f"{key} {val}: exclusions are not implemented by the PyTorch peer")
        if ft.get("numb_fparam", 0) or ft.get("numb_aparam", 0):
            raise ModelError("fparam/aparam are not implemented by the PyTorch peer")
        self.dtype = dtype
        self.variant = variant
        self.type_map = list(m["type_map"])
        self.ntypes = len(self.type_map)
        self.rcut = float(ds["rcut"])
        self.rcut_smth = float(ds["rcut_smth"])
        self.protection = float(ds.get("env_protection", 0.0))
        self.sel = [int(s) for s in ds["sel"]]
        self.nnei = sum(self.sel)
        self.sec = [0]
        for s in self.sel:
            self.sec.append(self.sec[-1] + s)
        self.axis = int(ds["axis_neuron"])
        self.ng = int(ds["neuron"][-1])
        self.type_one_side = bool(ds.get("type_one_side", True))
        dv = ds["@variables"]
        # ntypes x nnei x 4, indexed by the centre atom's type
        self.mean = torch.tensor(ndarray(dv["davg"], "descriptor.davg").reshape(self.ntypes, self.nnei, 4), dtype=dtype)
        self.std = torch.tensor(ndarray(dv["dstd"], "descriptor.dstd").reshape(self.ntypes, self.nnei, 4), dtype=dtype)
        nets = ds["embeddings"]["networks"]
        want = self.ntypes if self.type_one_side else self.ntypes**2
        if len(nets) != want:
            raise ModelError(f"descriptor.embeddings: {len(nets)} networks, expected {want}")
        self.embed = [Net(n, f"descriptor.embeddings.networks[{k}]", dtype, variant) for k, n in enumerate(nets)]
        fnets = ft["nets"]["networks"]
        self.fit = [Net(n, f"fitting.nets.networks[{k}]", dtype, variant) for k, n in enumerate(fnets)]
        # bias_atom_e (ntypes x 1) in the fitting's precision; out_bias (1 x ntypes x 1) in float64
        self.bias_atom_e = torch.tensor(ndarray(ft["@variables"]["bias_atom_e"], "bias_atom_e").reshape(-1), dtype=dtype)
        ob = m.get("@variables", {}).get("out_bias")
        self.out_bias = torch.tensor(
            ndarray(ob, "out_bias").reshape(-1) if ob is not None else np.zeros(self.ntypes), dtype=torch.float64
        )

    # ---- make_model.format_nlist: nearest Σsel within rcut (sorting only when the list is longer), then by type
    def format_nlist(self, coord, atype, nlist):
        nf, nloc, nn = nlist.shape
        if nn < self.nnei:
            nlist = torch.cat([nlist, -torch.ones([nf, nloc, self.nnei - nn], dtype=nlist.dtype)], dim=-1)
        elif nn > self.nnei:
            m_real = nlist >= 0
            nl0 = torch.where(m_real, nlist, 0)
            coord1 = torch.gather(coord, 1, nl0.view(nf, nloc * nn, 1).expand(-1, -1, 3)).view(nf, nloc, nn, 3)
            rr = torch.linalg.norm(coord[:, :nloc, None, :] - coord1, dim=-1)
            rr = torch.where(m_real, rr, float("inf"))
            rr, order = torch.sort(rr, dim=-1)
            nlist = torch.gather(nl0, 2, order)
            nlist = torch.where(rr > self.rcut, -1, nlist)[..., : self.nnei]
        # nlist_distinguish_types: stable sort of each type's slots to the front, truncated to sel[t]
        mask = nlist == -1
        tnlist = torch.gather(atype, 1, nlist.masked_fill(mask, 0).view(nf, -1)).view(nf, nloc, -1)
        tnlist = tnlist.masked_fill(mask, -1)
        out = []
        for ii, ss in enumerate(self.sel):
            pick = (tnlist == ii).to(torch.int32)
            pick, imap = torch.sort(pick, dim=-1, descending=True, stable=True)
            inl = torch.gather(nlist, 2, imap).masked_fill(~pick.to(torch.bool), -1)
            out.append(inl[..., :ss])
        return torch.cat(out, dim=-1)

    # ---- env_mat.prod_env_mat: rows w(r)(1/r, x/r², y/r², z/r²), normalised by davg/dstd of the centre type
    def env_mat(self, coord, atype_loc, nlist):
        nf, nloc, nnei = nlist.shape
        nall = coord.shape[1]
        mask = nlist >= 0
        nl = torch.where(mask, nlist, nall - 1)
        coord_l = coord[:, :nloc].view(nf, -1, 1, 3)
        coord_pad = torch.cat([coord, coord[:, -1:, :] + self.rcut], dim=1)
        coord_r = torch.gather(coord_pad, 1, nl.view(nf, -1).unsqueeze(-1).expand(-1, -1, 3)).view(nf, nloc, nnei, 3)
        diff = coord_r - coord_l
        length = torch.linalg.norm(diff, dim=-1, keepdim=True)
        length = length + ~mask.unsqueeze(-1)  # padded slots: 1/r stays finite, weight 0
        t0 = 1 / (length + self.protection)
        t1 = diff / (length + self.protection) ** 2
        # smooth switch: u = (r - rs)/(rc - rs) clipped, w = u³(-6u² + 15u - 10) + 1
        uu = (torch.clamp(length, self.rcut_smth, self.rcut) - self.rcut_smth) / (self.rcut - self.rcut_smth)
        weight = (uu * uu * uu * (-6 * uu * uu + 15 * uu - 10) + 1) * mask.unsqueeze(-1)
        env = torch.cat([t0, t1], dim=-1) * weight
        return (env - self.mean[atype_loc]) / self.std[atype_loc]

    # ---- DescrptBlockSeA.forward: G = embed(s), gr = (1/nnei) Σ_j Rᵀ_j G_j, D = gr grᵀ[:, :axis]
    def descriptor(self, coord, atype_ext, nlist):
        nf, nloc, _ = nlist.shape
        atype = atype_ext[:, :nloc]
        dmatrix = self.env_mat(coord.to(self.dtype), atype, nlist).view(-1, self.nnei, 4)
        nfnl = dmatrix.shape[0]
        xyz = torch.zeros([nfnl, 4, self.ng], dtype=self.dtype)
        # PairExcludeMask without exclude_types: all ones, multiplied in as DeePMD-kit does
        exclude_mask = torch.ones([nfnl, self.nnei], dtype=torch.int32) if self.variant == "deepmd" else None
        for k, net in enumerate(self.embed):
            if self.type_one_side:
                ii, ti_mask = k, None
                rr = dmatrix[:, self.sec[ii] : self.sec[ii + 1], :]
                mm = exclude_mask[:, self.sec[ii] : self.sec[ii + 1]] if exclude_mask is not None else None
            else:
                ii, ti = k // self.ntypes, k % self.ntypes
                ti_mask = atype.ravel().eq(ti)
                rr = dmatrix[ti_mask, self.sec[ii] : self.sec[ii + 1], :]
                mm = exclude_mask[ti_mask, self.sec[ii] : self.sec[ii + 1]] if exclude_mask is not None else None
            if mm is not None:
                rr = rr * mm[:, :, None]
            gg = net(rr[:, :, :1])  # nfnl x nt x ng
            gr = torch.matmul(rr.permute(0, 2, 1), gg)  # nfnl x 4 x ng
            if ti_mask is None:
                xyz += gr
            else:
                xyz[ti_mask] += gr
        xyz /= self.nnei
        xyz1 = xyz.permute(0, 2, 1)  # nfnl x ng x 4
        res = torch.matmul(xyz1, xyz[:, :, : self.axis])  # nfnl x ng x axis
        return res.view(nf, nloc, self.ng * self.axis).to(torch.float64)

    # ---- GeneralFitting._forward_common (not mixed types) + apply_out_stat
    def atom_energy(self, d, atype):
        xx = d.to(self.dtype)
        nf, nloc, _ = xx.shape
        outs = torch.zeros([nf, nloc, 1], dtype=self.dtype)
        if self.variant == "deepmd":  # DeePMD-kit: every type's net on every atom, masked
            for t, net in enumerate(self.fit):
                mask = (atype == t).unsqueeze(-1)
                outs = outs + (net(xx) + self.bias_atom_e[t]) * mask
        else:  # lean: each net on its own atoms only
            for t, net in enumerate(self.fit):
                sel = (atype[0] == t).nonzero().view(-1)
                outs[0, sel] = net(xx[0, sel]) + self.bias_atom_e[t]
        return outs.to(torch.float64) + self.out_bias[atype].unsqueeze(-1)

    def evaluate(self, coord_np, atype_np, mapping_np, nlist_np):
        """Energy (eV), forces on the nloc local atoms (eV/Å), virial (3 x 3, eV), as numpy float64."""
        nloc = nlist_np.shape[0]
        coord = torch.from_numpy(coord_np).view(1, -1, 3).requires_grad_(True)
        atype = torch.from_numpy(atype_np).to(torch.int64).view(1, -1)
        mapping = torch.from_numpy(mapping_np).to(torch.int64)
        nlist = torch.from_numpy(nlist_np).to(torch.int64).view(1, nloc, -1)
        nlist = self.format_nlist(coord.detach(), atype, nlist)
        e_atom = self.atom_energy(self.descriptor(coord, atype, nlist), atype[:, :nloc])
        energy = e_atom.sum()
        # transform_output.task_deriv_one: F = -dE/dx over the extended atoms, W = Σ F ⊗ x. DeePMD-kit
        # asks for retain_graph=True (the saved activations live until the step's outputs are returned);
        # lean frees each as the backward pass consumes it.
        deepmd = self.variant == "deepmd"
        ext_force = -torch.autograd.grad([energy], [coord], retain_graph=deepmd)[0].view(-1, 3)
        virial = (ext_force.unsqueeze(-1) @ coord.detach().view(-1, 3).unsqueeze(-2)).sum(0)
        # communicate_extended_output: ghost forces to their owners
        force = torch.zeros([nloc, 3], dtype=torch.float64).index_add_(0, mapping, ext_force)
        return energy.item(), force.numpy(), virial.numpy()


def loaded_libs(words):
    """Shared libraries of this process whose file name contains one of `words` (what the loader really mapped)."""
    libs = set()
    with open("/proc/self/maps") as f:
        for line in f:
            p = line.split()[-1]
            if p.startswith("/") and any(w in os.path.basename(p).lower() for w in words):
                libs.add(os.path.realpath(p))
    return sorted(libs)


def matmul_gflops(dtype, n=2048, reps=3):
    a = torch.sin(torch.arange(n * n, dtype=dtype)).view(n, n)
    b = torch.cos(torch.arange(n * n, dtype=dtype)).view(n, n)
    torch.matmul(a, b)
    ts = []
    for _ in range(reps):
        t = time.perf_counter()
        torch.matmul(a, b)
        ts.append(time.perf_counter() - t)
    return 2 * n**3 / sorted(ts)[len(ts) // 2] / 1e9


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True)
    ap.add_argument("--frame", required=True)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--precision", choices=["float64", "float32"], default="float64")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1, help="untimed evaluations first (0 for minute-long ones)")
    ap.add_argument(
        "--variant",
        choices=["deepmd", "lean"],
        default="deepmd",
        help="deepmd: DeePMD-kit's ops (the benchmark's peer); lean: an optimised variant, not DeePMD-kit's",
    )
    ap.add_argument("--profile", action="store_true", help="torch.profiler table of one more evaluation on stderr")
    ap.add_argument("--roofline", action="store_true", help="also time a float64 2048³ matmul at these threads")
    ap.add_argument("--serve", action="store_true", help="evaluate on request, one JSON line per stdin line")
    a = ap.parse_args()
    if a.threads < 1 or a.repeats < 1:
        raise ModelError("--threads and --repeats must be ≥ 1")
    torch.set_num_threads(a.threads)
    dtype = torch.float64 if a.precision == "float64" else torch.float32
    try:
        with open(a.model) as f:
            raw = json.load(f)
    except (OSError, ValueError) as e:
        raise ModelError(f"{a.model}: {e}")
    model = SeAEnergyModel(raw, dtype, a.variant)
    with open(os.path.join(a.frame, "frame.json")) as f:
        hdr = json.load(f)
    nloc, nall, maxnn = int(hdr["nloc"]), int(hdr["nall"]), int(hdr["maxnn"])
    rd = lambda name, dt: np.fromfile(os.path.join(a.frame, name), dtype=dt)
    coord = rd("coord.f64", "<f8").reshape(nall, 3)
    atype = rd("atype.i32", "<i4")
    mapping = rd("mapping.i32", "<i4")
    nlist = rd("nlist.i32", "<i4").reshape(nloc, maxnn)
    if atype.size != nall or mapping.size != nall or atype.max() >= model.ntypes:
        raise ModelError(f"{a.frame}: inconsistent frame (nall {nall}, types < {model.ntypes})")

    if a.serve:
        models = {a.precision: model}
        print(json.dumps({"ready": True}), flush=True)
        for line in sys.stdin:
            req = json.loads(line)
            prec = req.get("precision", a.precision)
            if prec not in models:
                models[prec] = SeAEnergyModel(raw, torch.float64 if prec == "float64" else torch.float32, a.variant)
            torch.set_num_threads(int(req.get("threads", a.threads)))
            t, c = time.perf_counter(), time.process_time()
            energy, _, _ = models[prec].evaluate(coord, atype, mapping, nlist)
            ms, cpu_ms = (time.perf_counter() - t) * 1e3, (time.process_time() - c) * 1e3
            print(json.dumps({"ms": ms, "cpuMs": cpu_ms, "energy": energy}), flush=True)
        return
    for _ in range(a.warmup):  # allocator, OpenMP pool
        model.evaluate(coord, atype, mapping, nlist)
    step_ms, cpu_ms = [], []
    for _ in range(a.repeats):
        t, c = time.perf_counter(), time.process_time()
        energy, force, virial = model.evaluate(coord, atype, mapping, nlist)
        step_ms.append((time.perf_counter() - t) * 1e3)
        cpu_ms.append((time.process_time() - c) * 1e3)
    if a.profile:
        from torch.profiler import ProfilerActivity, profile

        with profile(activities=[ProfilerActivity.CPU]) as prof:
            model.evaluate(coord, atype, mapping, nlist)
        sys.stderr.write(prof.key_averages().table(sort_by="self_cpu_time_total", row_limit=25) + "\n")
    out = {
        "energy": energy,
        "force": force.reshape(-1).tolist(),
        "virial": virial.reshape(-1).tolist(),
        "stepMs": step_ms,
        "cpuMs": cpu_ms,
        "maxRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "threads": torch.get_num_threads(),
        "precision": a.precision,
        "variant": a.variant,
        "torch": torch.__version__,
        "blas": loaded_libs(("blas", "mkl")),
        "malloc": loaded_libs(("tcmalloc", "jemalloc")) or ["glibc"],
        "blasInfo": [l.strip() for l in torch.__config__.show().split("\n") if "BLAS" in l or "LAPACK" in l],
    }
    if a.roofline:
        out["matmulGflops64"] = matmul_gflops(torch.float64)
    json.dump(out, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except ModelError as e:
        sys.stderr.write(f"ERROR: {e}\n")
        sys.exit(1)
