"""Ratings and feedback, moved here from the portal (its migration 0002): the tables stay."""

import django.db.models.deletion
import motcua.lib.clock
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('portal', '0002_feedback_moves_to_its_own_app'),
        ('dossiers', '0001_initial'),
        ('org', '0001_initial'),
        ('sso', '0001_initial'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # The tables exist already (portal 0001): this app takes over Django's model state only.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Feedback',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(default=motcua.lib.clock.now, editable=False, verbose_name='thời điểm tạo')),
                        ('updated_at', models.DateTimeField(default=motcua.lib.clock.now, editable=False, verbose_name='thời điểm cập nhật')),
                        ('reference', models.CharField(max_length=16, unique=True, verbose_name='mã phản ánh')),
                        ('secret', models.CharField(editable=False, max_length=16, verbose_name='mã tra cứu')),
                        ('kind', models.CharField(choices=[('complaint', 'Phản ánh'), ('recommendation', 'Kiến nghị')], max_length=16, verbose_name='loại')),
                        ('subject', models.CharField(max_length=200, verbose_name='tiêu đề')),
                        ('content', models.TextField(verbose_name='nội dung')),
                        ('name', models.CharField(max_length=200, verbose_name='họ và tên người gửi')),
                        ('phone', models.CharField(blank=True, max_length=15, verbose_name='số điện thoại')),
                        ('email', models.EmailField(blank=True, max_length=254, verbose_name='thư điện tử')),
                        ('state', models.CharField(choices=[('received', 'Đã tiếp nhận, đang xử lý'), ('details_requested', 'Đề nghị bổ sung thông tin'), ('rejected', 'Từ chối tiếp nhận'), ('resolved', 'Đã có trả lời'), ('published', 'Đã công khai trả lời')], db_index=True, default='received', max_length=20, verbose_name='trạng thái')),
                        ('received_at', models.DateTimeField(default=motcua.lib.clock.now, verbose_name='thời điểm tiếp nhận')),
                        ('reject_due_at', models.DateTimeField(blank=True, null=True, verbose_name='hạn từ chối tiếp nhận (2 ngày làm việc)')),
                        ('details_due_at', models.DateTimeField(blank=True, null=True, verbose_name='hạn đề nghị bổ sung thông tin (5 ngày làm việc)')),
                        ('resolve_due_at', models.DateTimeField(blank=True, db_index=True, null=True, verbose_name='hạn trả lời (15 ngày làm việc)')),
                        ('publish_due_at', models.DateTimeField(blank=True, null=True, verbose_name='hạn công khai trả lời (2 ngày làm việc)')),
                        ('details_request', models.TextField(blank=True, verbose_name='nội dung đề nghị bổ sung')),
                        ('details_requested_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm đề nghị bổ sung')),
                        ('details_answer', models.TextField(blank=True, verbose_name='thông tin người gửi bổ sung')),
                        ('details_answered_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm người gửi bổ sung')),
                        ('reject_reason', models.TextField(blank=True, verbose_name='lý do từ chối')),
                        ('rejected_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm từ chối')),
                        ('answer', models.TextField(blank=True, verbose_name='nội dung trả lời')),
                        ('resolved_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm trả lời')),
                        ('public_summary', models.TextField(blank=True, help_text='Tóm tắt phản ánh, kiến nghị để công khai — không ghi thông tin cá nhân.', verbose_name='nội dung công khai')),
                        ('published_at', models.DateTimeField(blank=True, null=True, verbose_name='thời điểm công khai')),
                        ('centre', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='org.servicecentre', verbose_name='trung tâm liên quan')),
                        ('citizen', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='sso.citizenaccount', verbose_name='tài khoản người gửi')),
                        ('dossier', models.ForeignKey(blank=True, help_text='Phản ánh về một hồ sơ được tính vào tỷ lệ hồ sơ bị phản ánh (chỉ số hài lòng).', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='portal_feedback', to='dossiers.dossier', verbose_name='hồ sơ liên quan')),
                        ('handled_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='cán bộ xử lý')),
                    ],
                    options={
                        'verbose_name': 'phản ánh, kiến nghị',
                        'verbose_name_plural': 'phản ánh, kiến nghị',
                        'db_table': 'portal_feedback',
                        'ordering': ['-received_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Rating',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('score', models.PositiveSmallIntegerField(choices=[(3, 'Rất hài lòng'), (2, 'Hài lòng'), (1, 'Không hài lòng')], verbose_name='mức độ hài lòng')),
                        ('comment', models.TextField(blank=True, verbose_name='góp ý')),
                        ('via', models.CharField(choices=[('account', 'Tài khoản của chủ hồ sơ'), ('receipt', 'Mã số hồ sơ và mã tra cứu (phiếu hẹn, mã QR)')], max_length=10, verbose_name='đánh giá qua')),
                        ('rated_at', models.DateTimeField(default=motcua.lib.clock.now, verbose_name='thời điểm đánh giá')),
                        ('dossier', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='portal_rating', to='dossiers.dossier', verbose_name='hồ sơ')),
                    ],
                    options={
                        'verbose_name': 'đánh giá mức độ hài lòng',
                        'verbose_name_plural': 'đánh giá mức độ hài lòng',
                        'db_table': 'portal_rating',
                        'ordering': ['-rated_at'],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
