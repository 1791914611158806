/**
 * The demo compound of the local sandbox and of the end-to-end tests: one owners group, one
 * staff group, and members holding each role. Ids are fixed so a sandbox database survives
 * restarts with the same people.
 */
import type { Role } from '../../db/schema.js';

export interface DemoMember {
  id: string;
  name: string;
  roles: Role[];
  staffGroup: boolean;
}

export const demoCompoundName = '阳光花园';
export const demoBot = { id: 'wxid_hongguanjia_bot', name: '红管家' };
export const demoOwnersRoom = { id: 'sunshine-owners@chatroom', topic: '阳光花园业主群' };
export const demoStaffRoom = { id: 'sunshine-staff@chatroom', topic: '阳光花园物业工作群' };

export const demoMembers: readonly DemoMember[] = [
  { id: 'wxid_zhangsan', name: '张三', roles: [], staffGroup: false },
  { id: 'wxid_lisi', name: '李四', roles: [], staffGroup: false },
  { id: 'wxid_wangfang', name: '王芳', roles: [], staffGroup: false },
  { id: 'wxid_shifu_wang', name: '王师傅', roles: ['manager'], staffGroup: true },
  { id: 'wxid_zhao_weiyuan', name: '赵委员', roles: ['committee'], staffGroup: true },
  { id: 'wxid_chen_shuji', name: '陈书记', roles: ['community'], staffGroup: true },
  { id: 'wxid_sun_wangge', name: '孙网格长', roles: ['grid'], staffGroup: false },
  { id: 'wxid_admin_liu', name: '刘管理员', roles: ['admin'], staffGroup: true },
];
