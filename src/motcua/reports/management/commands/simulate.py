"""``motcua simulate --profile vinh-long-2025-07 --seed N`` — fill the database with a calibrated province.

A stable command (issue 7 §6): deterministic for a given profile and seed; refuses a database that
already holds dossiers. ``--scale 0.02`` loads a province at 1/50 of the volume (rates unchanged);
``--method services`` plays every event through the real services (slow: hours at full scale).
Prints the report's figures against the profile's targets at the end.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from motcua.reports.simulation import profile as profiles
from motcua.reports.simulation.run import SimulationError, check_targets, simulate


class Command(BaseCommand):
    help = "Nạp dữ liệu mô phỏng một tỉnh đã hiệu chỉnh (mặc định: Vĩnh Long tháng 7–8/2025)."

    def add_arguments(self, parser):
        parser.add_argument("--profile", default="vinh-long-2025-07", choices=sorted(profiles.PROFILES))
        parser.add_argument("--seed", type=int, default=None, help="hạt giống (cùng hạt giống → cùng dữ liệu)")
        parser.add_argument("--scale", type=float, default=1.0, help="tỉ lệ khối lượng, ví dụ 0.02")
        parser.add_argument("--method", choices=("bulk", "services"), default="bulk")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, profile, seed, scale, method, no_progress, **options):
        try:
            chosen = profiles.get(profile, scale)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        seed = chosen.default_seed if seed is None else seed
        bar = None

        def progress(phase: str, n: int, events: int) -> None:
            nonlocal bar
            if no_progress:
                return
            if phase == "plan":
                self.stdout.write(f"Đã lập kế hoạch {n:,} hồ sơ, {events:,} thao tác.")
                bar = tqdm(total=events, unit="thao tác", desc="Ghi hồ sơ", file=self.stderr)
            elif phase == "finish" and bar is not None:
                # the events are all played; what follows (the rows still in memory, the indexes,
                # the aggregates, the commit) takes a while at full scale: say so, not a still 100 %
                bar.n = bar.total
                bar.set_description("Ghi chỉ mục và số liệu tổng hợp")
                bar.refresh()
            elif bar is not None:
                bar.update(n)

        self.stdout.write(f"Mô phỏng «{chosen.title}», hạt giống {seed}, tỉ lệ {chosen.scale:g}…")
        # What is kept when the load fails or is stopped: the preparation (the demo procedures'
        # versions, the simulated staff), committed before it; the dossiers are one transaction.
        kept = ("Chưa ghi hồ sơ nào; phần chuẩn bị (phiên bản thủ tục, cán bộ mô phỏng) đã lưu và được dùng "
                "lại khi chạy lại lệnh.")
        try:
            outcome = simulate(chosen, seed, method=method, progress=progress)
        except SimulationError as exc:
            raise CommandError(str(exc)) from None
        except ValueError as exc:  # the bulk loader's refusals ("Nạp nhanh: …")
            raise CommandError(f"{exc} {kept}") from None
        except KeyboardInterrupt:
            raise CommandError(f"Đã dừng theo yêu cầu. {kept}") from None
        if bar is not None:
            bar.n = bar.total
            bar.close()
        timings = outcome.timings
        self.stdout.write(
            f"Đã nạp {outcome.run.dossiers:,} hồ sơ ({outcome.run.events:,} thao tác) "
            f"trong {timings['total']:.1f} giây "
            f"(chuẩn bị {timings['setup']:.1f}, lập kế hoạch {timings['plan']:.1f}, ghi {timings['load']:.1f})."
        )
        failed = False
        for check in check_targets(chosen):
            mark = "✓" if check.ok else "✗"
            failed |= not check.ok
            achieved = "—" if check.achieved is None else f"{check.achieved:,}"
            self.stdout.write(
                f"  {mark} {check.name:24} {check.what:13} mục tiêu {check.target:>10,} ({check.tolerance}), "
                f"đạt {achieved}"
            )
        if failed:
            self.stderr.write("Cảnh báo: có chỉ tiêu nằm ngoài dung sai.")
